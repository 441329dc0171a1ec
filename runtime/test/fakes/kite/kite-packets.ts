/**
 * Kite ticker binary frames, as Kite Connect documents them ("WebSocket streaming":
 * message = 2-byte packet count, then per packet a 2-byte length and the packet; all
 * integers big-endian int32, prices in paise — ×100, ×10⁷ for NSE currency).
 *
 * | mode  | tradable | index |
 * | ----- | -------- | ----- |
 * | ltp   | 8        | 8     |
 * | quote | 44       | 28    |
 * | full  | 184      | 32    |
 *
 * Full tradable packets add last trade time, OI, OI day high/low, exchange timestamp
 * (seconds) and five levels of depth each side (12 bytes a level).
 */

export type KiteMode = 'ltp' | 'quote' | 'full';

export interface KiteTickInput {
  readonly token: number;
  readonly ltp: number;
  readonly lastQuantity?: number;
  readonly averagePrice?: number;
  /** Cumulative day volume. */
  readonly volume?: number;
  readonly buyQuantity?: number;
  readonly sellQuantity?: number;
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly close?: number;
  readonly oi?: number;
  /** Epoch ms (sent in whole seconds). */
  readonly ts?: number;
}

/** Segment 9 in the token's last byte marks an index (not tradable). */
export const isIndexToken = (token: number): boolean => (token & 0xff) === 9;

function divisor(token: number): number {
  const segment = token & 0xff;
  return segment === 3 ? 10_000_000 : segment === 6 ? 10_000 : 100;
}

export function encodePacket(t: KiteTickInput, mode: KiteMode): Buffer {
  const d = divisor(t.token);
  const px = (p: number | undefined): number => Math.round((p ?? t.ltp) * d);
  const secs = t.ts !== undefined ? Math.floor(t.ts / 1000) : 0;
  if (mode === 'ltp') {
    const b = Buffer.alloc(8);
    b.writeInt32BE(t.token, 0);
    b.writeInt32BE(px(t.ltp), 4);
    return b;
  }
  if (isIndexToken(t.token)) {
    const b = Buffer.alloc(mode === 'full' ? 32 : 28);
    b.writeInt32BE(t.token, 0);
    b.writeInt32BE(px(t.ltp), 4);
    b.writeInt32BE(px(t.high), 8);
    b.writeInt32BE(px(t.low), 12);
    b.writeInt32BE(px(t.open), 16);
    b.writeInt32BE(px(t.close), 20);
    b.writeInt32BE(0, 24);
    if (mode === 'full') b.writeInt32BE(secs, 28);
    return b;
  }
  const b = Buffer.alloc(mode === 'full' ? 184 : 44);
  b.writeInt32BE(t.token, 0);
  b.writeInt32BE(px(t.ltp), 4);
  b.writeInt32BE(t.lastQuantity ?? 1, 8);
  b.writeInt32BE(px(t.averagePrice), 12);
  b.writeInt32BE(t.volume ?? 0, 16);
  b.writeInt32BE(t.buyQuantity ?? 0, 20);
  b.writeInt32BE(t.sellQuantity ?? 0, 24);
  b.writeInt32BE(px(t.open), 28);
  b.writeInt32BE(px(t.high), 32);
  b.writeInt32BE(px(t.low), 36);
  b.writeInt32BE(px(t.close), 40);
  if (mode === 'full') {
    b.writeInt32BE(secs, 44);
    b.writeInt32BE(t.oi ?? 0, 48);
    b.writeInt32BE(t.oi ?? 0, 52);
    b.writeInt32BE(t.oi ?? 0, 56);
    b.writeInt32BE(secs, 60);
  }
  return b;
}

/** One binary message carrying `packets`. */
export function encodeMessage(packets: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(2);
  head.writeUInt16BE(packets.length, 0);
  parts.push(head);
  for (const p of packets) {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(p.length, 0);
    parts.push(len, p);
  }
  return Buffer.concat(parts);
}

/** Kite's heartbeat: a 1-byte binary message every second when nothing else is sent. */
export const HEARTBEAT = Buffer.from([0]);
