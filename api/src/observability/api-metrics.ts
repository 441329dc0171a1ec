import { MetricsRegistry, type Counter, type Histogram } from './metrics.js';

/**
 * The API's metrics (`GET /metrics`): requests and their latencies by route, running
 * strategies, backtests by state, WebSocket connections. Route labels are the route
 * patterns (`/strategies/:id`), never raw URLs, so ids do not explode the label set.
 */
export class ApiMetrics {
  readonly registry = new MetricsRegistry();
  readonly requests: Counter;
  readonly latency: Histogram;
  readonly backtestsFinished: Counter;
  runningStrategies = 0;
  websockets = 0;

  constructor(backtests: () => { queued: number; running: number }) {
    this.requests = this.registry.counter('algo_http_requests_total', 'HTTP requests answered, by method, route and status code');
    this.latency = this.registry.histogram('algo_http_request_duration_seconds', 'Time to answer an HTTP request, by method and route');
    this.backtestsFinished = this.registry.counter('algo_backtests_finished_total', 'Backtests finished, by status (COMPLETED, FAILED)');
    this.registry.gauge('algo_backtests_in_progress', 'Backtests waiting for a worker (queued) or running', () => {
      const b = backtests();
      return [
        { labels: { state: 'queued' }, value: b.queued },
        { labels: { state: 'running' }, value: b.running },
      ];
    });
    this.registry.gauge('algo_strategies_running', 'Strategies whose status is running (all users)', () => [{ value: this.runningStrategies }]);
    this.registry.gauge('algo_websocket_connections', 'Open WebSocket connections', () => [{ value: this.websockets }]);
    this.registry.gauge('algo_process_resident_memory_bytes', 'Resident memory of the API process', () => [{ value: process.memoryUsage().rss }]);
  }

  /** Records one answered request. */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }
}
