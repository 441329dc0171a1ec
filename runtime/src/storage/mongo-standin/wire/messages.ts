import { BSON } from 'bson';
import type { Document } from 'bson';

/**
 * MongoDB wire-protocol framing for the stand-in: decoding the two request kinds the
 * official driver sends (a legacy OP_QUERY for the opening `hello`/`isMaster`, then
 * OP_MSG with a body section and optional document-sequence sections) and encoding the
 * two reply kinds (OP_REPLY for OP_QUERY, OP_MSG for OP_MSG).
 *
 * Layout reference: https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/
 */

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const OP_COMPRESSED = 2012;

/** OP_MSG flag bits. */
export const MSG_CHECKSUM_PRESENT = 1;
export const MSG_MORE_TO_COME = 2;

/** OP_REPLY response flag set when a legacy query failed. */
export const REPLY_QUERY_FAILURE = 2;

const HEADER_SIZE = 16;

/** How incoming documents are decoded: RegExps and Longs become JS values mingo understands. */
const DESERIALIZE = { promoteLongs: true, promoteValues: true, promoteBuffers: false, bsonRegExp: false } as const;

export interface MessageHeader {
  readonly length: number;
  readonly requestId: number;
  readonly responseTo: number;
  readonly opCode: number;
}

/** A decoded request: the command document (document sequences folded in) and how to answer. */
export interface WireRequest {
  readonly header: MessageHeader;
  readonly kind: 'query' | 'msg';
  /** For OP_QUERY: the full collection name, e.g. `admin.$cmd`. */
  readonly namespace?: string;
  readonly command: Document;
  /** OP_MSG moreToCome: the client expects no reply (unacknowledged write). */
  readonly moreToCome: boolean;
}

/** Reads the 16-byte header at the start of `buf` (which must hold at least 16 bytes). */
export function readHeader(buf: Buffer): MessageHeader {
  return {
    length: buf.readInt32LE(0),
    requestId: buf.readInt32LE(4),
    responseTo: buf.readInt32LE(8),
    opCode: buf.readInt32LE(12),
  };
}

function readCString(buf: Buffer, at: number): { value: string; next: number } {
  const end = buf.indexOf(0, at);
  if (end < 0) throw new WireFormatError('unterminated C string');
  return { value: buf.toString('utf8', at, end), next: end + 1 };
}

function readDocument(buf: Buffer, at: number, limit: number): { doc: Document; next: number } {
  if (at + 4 > limit) throw new WireFormatError('truncated BSON document');
  const size = buf.readInt32LE(at);
  if (size < 5 || at + size > limit) throw new WireFormatError('BSON document length out of range');
  return { doc: BSON.deserialize(buf.subarray(at, at + size), DESERIALIZE), next: at + size };
}

/** Raised for bytes that are not a well-formed message; the server closes the connection. */
export class WireFormatError extends Error {
  readonly code = 'STANDIN_WIRE_FORMAT';
}

/**
 * Decodes one complete message (header included). OP_MSG document-sequence sections
 * (kind 1, e.g. `documents` of an insert) are attached to the command under their
 * identifier, exactly as a server folds them in.
 */
export function decodeRequest(buf: Buffer): WireRequest {
  const header = readHeader(buf);
  if (header.opCode === OP_MSG) {
    const flags = buf.readUInt32LE(HEADER_SIZE);
    const end = flags & MSG_CHECKSUM_PRESENT ? buf.length - 4 : buf.length;
    let at = HEADER_SIZE + 4;
    let command: Document | undefined;
    const sequences: Array<[string, Document[]]> = [];
    while (at < end) {
      const kind = buf[at++];
      if (kind === 0) {
        const r = readDocument(buf, at, end);
        command = r.doc;
        at = r.next;
      } else if (kind === 1) {
        const size = buf.readInt32LE(at);
        const sectionEnd = at + size;
        if (size < 5 || sectionEnd > end) throw new WireFormatError('document sequence length out of range');
        const id = readCString(buf, at + 4);
        const docs: Document[] = [];
        let p = id.next;
        while (p < sectionEnd) {
          const r = readDocument(buf, p, sectionEnd);
          docs.push(r.doc);
          p = r.next;
        }
        sequences.push([id.value, docs]);
        at = sectionEnd;
      } else {
        throw new WireFormatError(`unknown OP_MSG section kind ${String(kind)}`);
      }
    }
    if (!command) throw new WireFormatError('OP_MSG without a body section');
    for (const [id, docs] of sequences) command[id] = docs;
    return { header, kind: 'msg', command, moreToCome: (flags & MSG_MORE_TO_COME) !== 0 };
  }
  if (header.opCode === OP_QUERY) {
    const ns = readCString(buf, HEADER_SIZE + 4);
    const at = ns.next + 8; // numberToSkip, numberToReturn
    const { doc } = readDocument(buf, at, buf.length);
    // Legacy wrapping: { $query: {...}, $readPreference: ... }
    const command = doc.$query && typeof doc.$query === 'object' ? (doc.$query as Document) : doc;
    return { header, kind: 'query', namespace: ns.value, command, moreToCome: false };
  }
  throw new WireFormatError(`unsupported opCode ${header.opCode}`);
}

let nextResponseId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(HEADER_SIZE);
  h.writeInt32LE(length, 0);
  h.writeInt32LE((nextResponseId = (nextResponseId + 1) & 0x7fffffff), 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** Encodes an OP_MSG reply whose body section is the already-serialized `body`. */
export function encodeMsgReply(responseTo: number, body: Uint8Array): Buffer[] {
  const prefix = Buffer.allocUnsafe(5);
  prefix.writeUInt32LE(0, 0); // flags
  prefix[4] = 0; // section kind 0
  return [header(HEADER_SIZE + 5 + body.length, responseTo, OP_MSG), prefix, Buffer.from(body.buffer, body.byteOffset, body.length)];
}

/** Encodes an OP_REPLY carrying one document (the answer to a legacy OP_QUERY command). */
export function encodeReply(responseTo: number, body: Uint8Array, flags = 0): Buffer[] {
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(flags, 0); // responseFlags
  // cursorID (8 bytes) = 0, startingFrom = 0
  fields.writeInt32LE(1, 16); // numberReturned
  return [header(HEADER_SIZE + 20 + body.length, responseTo, OP_REPLY), fields, Buffer.from(body.buffer, body.byteOffset, body.length)];
}
