/**
 * `@algo/lsp`: the `.algo` language server — a thin adapter from the Language Server
 * Protocol to `@algo/language`. `runStdioServer()` serves on stdin/stdout (what
 * `algo lsp --stdio` and the VS Code extension run); `startServer(connection)` wires the
 * features to any connection.
 */
export { runStdioServer, defaultWorkerScript, loaderFlags } from './main.js';
export { startServer, CAPABILITIES, SERVER_INFO, type StartOptions } from './server.js';
export { serveChecks, WORKER_FLAG, type CheckRequest, type CheckResult } from './workspace/diagnostics-worker.js';
export type { WorkerScript } from './workspace/diagnostics-service.js';
export { BACKTEST_COMMAND, PUSH_COMMAND } from './features/code-lens.js';
export { ServerOptionsSchema, readOptions, type ServerOptions } from './options.js';
