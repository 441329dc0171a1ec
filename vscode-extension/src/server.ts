import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runStdioServer, serveChecks, WORKER_FLAG } from '@algo/lsp';

// The language server bundled into the extension (`dist/server.cjs`): the same server as
// `algo lsp --stdio`, started by the client over stdio. The bundle is also its own
// diagnostics worker: started as a worker thread, it serves checks instead.
if (isMainThread) runStdioServer({ diagnosticsWorker: { path: process.argv[1]!, execArgv: [] } });
else if (parentPort && (workerData as Record<string, unknown> | undefined)?.[WORKER_FLAG]) serveChecks(parentPort as unknown as Parameters<typeof serveChecks>[0]);
