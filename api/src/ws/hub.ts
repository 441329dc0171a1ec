import type { Logger } from 'pino';
import type { RedisClient } from '../context-types.js';

type Listener = (message: string) => void;

/**
 * One Redis Pub/Sub connection per API process, shared by every WebSocket: a channel is
 * subscribed in Redis while at least one socket follows it and unsubscribed when the last
 * one leaves. Each API process subscribes for its own sockets, so any number of API
 * processes can serve WebSockets behind a load balancer.
 */
export class FeedHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private subscriber: RedisClient | undefined;

  constructor(
    private readonly connect: () => RedisClient,
    private readonly log: Logger,
  ) {}

  private conn(): RedisClient {
    if (!this.subscriber) {
      const sub = this.connect();
      sub.on('message', (channel: string, message: string) => {
        for (const l of this.listeners.get(channel) ?? []) {
          try {
            l(message);
          } catch (err) {
            this.log.error({ err, channel }, 'feed listener failed');
          }
        }
      });
      sub.on('error', (err: Error) => this.log.warn({ err: err.message }, 'redis subscriber error'));
      this.subscriber = sub;
    }
    return this.subscriber;
  }

  /** Follows `channel` until the returned function is called. */
  async subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      set.add(listener);
      try {
        await this.conn().subscribe(channel);
      } catch (err) {
        set.delete(listener);
        if (set.size === 0) this.listeners.delete(channel);
        throw err;
      }
    } else {
      set.add(listener);
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      const s = this.listeners.get(channel);
      if (!s) return;
      s.delete(listener);
      if (s.size === 0) {
        this.listeners.delete(channel);
        await this.subscriber?.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  /** Channels followed right now. */
  get channels(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }
}
