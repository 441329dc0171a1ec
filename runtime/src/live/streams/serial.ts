/**
 * Runs async jobs one at a time, in the order they were queued — a worker's state (its
 * strategy cores, its order book) is touched by one job at a time however many streams
 * it reads. A job that fails rejects its own caller only; the queue goes on.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * Runs async jobs with a key in order per key and concurrently across keys; a job without a
 * key runs alone (after every job queued before it, and before any queued after it). So a
 * worker can handle many strategies' messages at once — each strategy's state touched by
 * one job at a time, in order — while work that spans strategies (a batch of ticks, a
 * control command) still sees them all at rest.
 */
export class KeyedSerial {
  private exclusive: Promise<unknown> = Promise.resolve();
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly running = new Set<Promise<unknown>>();

  run<T>(key: string | undefined, job: () => Promise<T>): Promise<T> {
    const settle = (p: Promise<unknown>) => p.then(
      () => undefined,
      () => undefined,
    );
    let p: Promise<T>;
    if (key === undefined) {
      const before = Promise.all([settle(this.exclusive), ...[...this.running].map(settle)]);
      p = before.then(job);
      this.exclusive = p;
      return p;
    }
    const prev = this.tails.get(key);
    p = Promise.all([settle(this.exclusive), prev ? settle(prev) : undefined]).then(job);
    this.tails.set(key, p);
    this.running.add(p);
    const done = (): void => {
      this.running.delete(p);
      if (this.tails.get(key) === p) this.tails.delete(key);
    };
    p.then(done, done);
    return p;
  }
}

/** Resolves after `ms` (a backoff between retries, never a wait for a condition). */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Rejects when `p` takes longer than `ms` (p keeps running: an idempotent write may still land). */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
