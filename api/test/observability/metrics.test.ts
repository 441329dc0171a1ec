import { describe, expect, it } from 'vitest';
import { loggableUrl } from '../../src/observability/logger.js';
import { MetricsRegistry } from '../../src/observability/metrics.js';

describe('Prometheus registry', () => {
  it('renders counters, histograms and scrape-time gauges in the text format', async () => {
    const r = new MetricsRegistry();
    const c = r.counter('x_total', 'things');
    c.inc({ route: '/a', status: '200' });
    c.inc({ status: '200', route: '/a' }, 2);
    c.inc({ route: 'quote"d\\' });
    const h = r.histogram('lat_seconds', 'latency', [0.1, 1]);
    h.observe({ route: '/a' }, 0.05);
    h.observe({ route: '/a' }, 0.5);
    h.observe({ route: '/a' }, 5);
    let n = 1;
    r.onScrape(async () => {
      n = 7;
    });
    r.gauge('g', 'gauge', () => [{ value: n }]);
    const text = await r.render();
    expect(text).toContain('# TYPE x_total counter\nx_total{route="/a",status="200"} 3\nx_total{route="quote\\"d\\\\"} 1');
    expect(text).toContain('lat_seconds_bucket{route="/a",le="0.1"} 1\nlat_seconds_bucket{route="/a",le="1"} 2\nlat_seconds_bucket{route="/a",le="+Inf"} 3\nlat_seconds_sum{route="/a"} 5.55\nlat_seconds_count{route="/a"} 3');
    expect(text).toContain('# TYPE g gauge\ng 7\n');
  });

  it('logs URLs without query values', () => {
    expect(loggableUrl('/strategies/x?token=algo_abc&limit=5')).toBe('/strategies/x?token=…&limit=…');
    expect(loggableUrl('/health')).toBe('/health');
  });
});
