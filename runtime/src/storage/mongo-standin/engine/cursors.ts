import { BSON } from 'bson';
import type { Document } from 'bson';
import { cursorReplyBody } from '../wire/cursor-reply.js';

/**
 * Open cursors: the rest of a result set after the first batch, served by `getMore` and
 * discarded by `killCursors`, when exhausted, or after ten idle minutes (a server's
 * default). Results are snapshots: stored documents are replaced, never mutated, by writes.
 */

/** A server's default first batch when the client gives no batchSize. */
const DEFAULT_FIRST_BATCH = 101;
/** Keep each reply comfortably under the 48 MB message limit and near a server's 16 MB batches. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const IDLE_MS = 10 * 60_000;

interface OpenCursor {
  readonly ns: string;
  readonly docs: Document[];
  pos: number;
  readonly batchSize?: number;
  lastUsed: number;
}

export class CursorStore {
  private readonly open = new Map<bigint, OpenCursor>();
  private next = 1n;
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  get size(): number {
    return this.open.size;
  }

  /** Serializes up to one batch of `c`, advancing its position. */
  private takeBatch(c: OpenCursor, limit: number | undefined): Uint8Array[] {
    const out: Uint8Array[] = [];
    let bytes = 0;
    while (c.pos < c.docs.length && (limit === undefined || out.length < limit)) {
      const bin = BSON.serialize(c.docs[c.pos]!);
      if (out.length > 0 && bytes + bin.length > MAX_BATCH_BYTES) break;
      out.push(bin);
      bytes += bin.length;
      c.pos++;
    }
    return out;
  }

  /**
   * The reply to a cursor-opening command: the first batch, and a cursor id for the rest
   * (0 when everything fit, or when the client asked for a single batch).
   */
  first(ns: string, docs: Document[], opts: { batchSize?: number; singleBatch?: boolean } = {}): Buffer {
    const c: OpenCursor = { ns, docs, pos: 0, lastUsed: Date.now(), ...(opts.batchSize ? { batchSize: opts.batchSize } : {}) };
    const firstLimit = opts.batchSize === 0 ? 0 : opts.batchSize ?? DEFAULT_FIRST_BATCH;
    const batch = this.takeBatch(c, firstLimit);
    let id = 0n;
    if (!opts.singleBatch && c.pos < docs.length) {
      id = this.next++;
      this.open.set(id, c);
    }
    return cursorReplyBody('firstBatch', batch, id, ns);
  }

  /** The next batch of cursor `id`, or undefined when no such cursor is open. */
  more(id: bigint, batchSize?: number): Buffer | undefined {
    const c = this.open.get(id);
    if (!c) return undefined;
    c.lastUsed = Date.now();
    const batch = this.takeBatch(c, batchSize || c.batchSize);
    const done = c.pos >= c.docs.length;
    if (done) this.open.delete(id);
    return cursorReplyBody('nextBatch', batch, done ? 0n : id, c.ns);
  }

  /** The namespace cursor `id` reads, if open. */
  nsOf(id: bigint): string | undefined {
    return this.open.get(id)?.ns;
  }

  /** Closes cursor `id`; true when it was open. */
  kill(id: bigint): boolean {
    return this.open.delete(id);
  }

  private sweep(): void {
    const cutoff = Date.now() - IDLE_MS;
    for (const [id, c] of this.open) if (c.lastUsed < cutoff) this.open.delete(id);
  }

  /** Stops the idle sweeper and forgets every cursor. */
  close(): void {
    clearInterval(this.sweeper);
    this.open.clear();
  }
}
