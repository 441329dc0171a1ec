import { createHash, type Hash } from 'node:crypto';
import type { Candle } from '../market/candle.js';

/**
 * sha256 of the bars a run consumed — `t o h l c v` of each as little-endian float64, fed
 * in chunks so hashing 10 million bars costs a fraction of the run. Two runs over the same
 * bars have the same hash, whatever file or generator the bars came from.
 */
export class DataHasher {
  private readonly hash: Hash = createHash('sha256');
  private readonly buf = new Float64Array(6 * 4096);
  private n = 0;
  /** bars hashed */
  count = 0;
  first: number | null = null;
  last: number | null = null;

  update(c: Candle): void {
    const b = this.buf;
    let i = this.n;
    b[i++] = c.t;
    b[i++] = c.o;
    b[i++] = c.h;
    b[i++] = c.l;
    b[i++] = c.c;
    b[i++] = c.v;
    this.n = i;
    if (this.first === null) this.first = c.t;
    this.last = c.t;
    this.count++;
    if (i === b.length) this.flush();
  }

  digest(): string {
    this.flush();
    return this.hash.digest('hex');
  }

  private flush(): void {
    if (this.n === 0) return;
    this.hash.update(new Uint8Array(this.buf.buffer, 0, this.n * 8));
    this.n = 0;
  }
}

/** sha256 (hex) of a string. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
