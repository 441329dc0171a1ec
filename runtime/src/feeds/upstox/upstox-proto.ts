import { createRequire } from 'node:module';
import protobuf from 'protobufjs';

/**
 * Upstox market data feed V3's wire format: `FeedResponse` protobuf messages, decoded with
 * the `.proto` that ships inside `upstox-js-sdk` (so the schema is Upstox's own, and moves
 * when the SDK does). Requests go the other way as JSON in a binary frame.
 */

const require = createRequire(import.meta.url);
const root = protobuf.loadSync(require.resolve('upstox-js-sdk/dist/feeder/proto/MarketDataFeedV3.proto'));

/** The `FeedResponse` type (also what the fake server encodes with). */
export const FeedResponse = root.lookupType('com.upstox.marketdatafeederv3udapi.rpc.proto.FeedResponse');

export interface UpstoxLtpc {
  readonly ltp?: number;
  /** Last trade time, epoch ms. */
  readonly ltt?: number;
  readonly ltq?: number;
  readonly cp?: number;
}

/** One instrument's entry in a `FeedResponse` (the fields Algo reads). */
export interface UpstoxFeedEntry {
  readonly ltpc?: UpstoxLtpc;
  readonly fullFeed?: { marketFF?: { ltpc?: UpstoxLtpc; vtt?: number; oi?: number }; indexFF?: { ltpc?: UpstoxLtpc } };
  readonly firstLevelWithGreeks?: { ltpc?: UpstoxLtpc; vtt?: number; oi?: number };
}

export interface UpstoxFeedMessage {
  readonly type?: 'initial_feed' | 'live_feed' | 'market_info';
  readonly feeds?: Record<string, UpstoxFeedEntry>;
  readonly currentTs?: number;
}

/** Decodes one binary message (int64s as numbers, enums as names). Throws on a malformed message. */
export function decodeFeed(data: Uint8Array): UpstoxFeedMessage {
  return FeedResponse.toObject(FeedResponse.decode(data), { longs: Number, enums: String }) as UpstoxFeedMessage;
}

/** A subscription request frame: `sub`, `unsub` or `change_mode`. */
export function feedRequest(method: 'sub' | 'unsub' | 'change_mode', instrumentKeys: readonly string[], mode?: string, guid = `algo-${Date.now().toString(36)}`): Buffer {
  return Buffer.from(JSON.stringify({ guid, method, data: { ...(mode ? { mode } : {}), instrumentKeys } }));
}
