/**
 * The offline MongoDB stand-in (wire protocol + mingo semantics). Only the resolver and
 * `algo db serve` start it; everything else reaches it through the official driver.
 */
export { startMongoStandin } from './server.js';
export type { MongoStandin, MongoStandinOptions } from './server.js';
export { COMMANDS as STANDIN_COMMANDS } from './commands/registry.js';
export { STANDIN_MARK } from './commands/handshake.js';
