/**
 * Builds the reply body of `find` / `aggregate` / `getMore` / `listIndexes` /
 * `listCollections` — `{ cursor: { <batch>: [...], id: Long, ns }, ok: 1 }` — directly
 * from documents that are already BSON, so a large batch (a range read of candle buckets)
 * is serialized once, not once to measure and again to send.
 */

const TYPE_DOUBLE = 0x01;
const TYPE_STRING = 0x02;
const TYPE_DOCUMENT = 0x03;
const TYPE_ARRAY = 0x04;
const TYPE_INT64 = 0x12;

function cstring(text: string): Buffer {
  const b = Buffer.from(`${text}\0`, 'utf8');
  return b;
}

function element(type: number, name: string, value: Buffer | Uint8Array): Buffer[] {
  return [Buffer.from([type]), cstring(name), Buffer.from(value.buffer, value.byteOffset, value.length)];
}

function documentOf(parts: Buffer[]): Buffer {
  const size = 4 + parts.reduce((n, p) => n + p.length, 0) + 1;
  const head = Buffer.allocUnsafe(4);
  head.writeInt32LE(size, 0);
  return Buffer.concat([head, ...parts, Buffer.from([0])], size);
}

/** `batchField` is `firstBatch` for the opening reply and `nextBatch` for getMore. */
export function cursorReplyBody(
  batchField: 'firstBatch' | 'nextBatch',
  docs: readonly Uint8Array[],
  cursorId: bigint,
  ns: string,
): Buffer {
  const items: Buffer[] = [];
  docs.forEach((d, i) => items.push(...element(TYPE_DOCUMENT, String(i), d)));
  const batch = documentOf(items);
  const id = Buffer.allocUnsafe(8);
  id.writeBigInt64LE(cursorId, 0);
  const nsBytes = Buffer.from(ns, 'utf8');
  const nsValue = Buffer.allocUnsafe(4 + nsBytes.length + 1);
  nsValue.writeInt32LE(nsBytes.length + 1, 0);
  nsBytes.copy(nsValue, 4);
  nsValue[4 + nsBytes.length] = 0;
  const cursor = documentOf([
    ...element(TYPE_ARRAY, batchField, batch),
    ...element(TYPE_INT64, 'id', id),
    ...element(TYPE_STRING, 'ns', nsValue),
  ]);
  const ok = Buffer.allocUnsafe(8);
  ok.writeDoubleLE(1, 0);
  return documentOf([...element(TYPE_DOCUMENT, 'cursor', cursor), ...element(TYPE_DOUBLE, 'ok', ok)]);
}
