/**
 * `@algo/lsp/testing`: what tests and benchmarks use to drive the server over its real
 * protocol — a JSON-RPC client over stdio, and `<|>` cursor markers for test text.
 */
export { TestClient, ROOT, SOURCE_SERVER, BUILT_SERVER, CAPABILITIES, type StartOptions } from './client.js';
export { markers, positionAt, offsetAt, rangeAt, type Marked } from './markers.js';
