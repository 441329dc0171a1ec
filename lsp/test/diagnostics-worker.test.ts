import { MessageChannel } from 'node:worker_threads';
import { PassThrough } from 'node:stream';
import {
  createConnection,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { describe, expect, it } from 'vitest';
import { serveChecks, startServer, type CheckRequest, type CheckResult, type WorkerScript } from '@algo/lsp';

/** Resolves once `condition()` holds (checked every few ms); rejects after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('the diagnostics worker', () => {
  it('checks only the latest text of a document when several versions are waiting', async () => {
    const { port1, port2 } = new MessageChannel();
    serveChecks(port2 as unknown as Parameters<typeof serveChecks>[0]);
    const results: CheckResult[] = [];
    port1.on('message', (r: CheckResult) => results.push(r));
    const uri = 'file:///w.algo';
    const send = (m: CheckRequest) => port1.postMessage(m);
    send({ kind: 'check', uri, version: 1, text: 'strategy "a" {' });
    send({ kind: 'check', uri, version: 2, text: 'strategy "a" { let x = clos }' });
    send({ kind: 'check', uri, version: 3, text: 'strategy "a" { let x = closee }' });
    send({ kind: 'check', uri: 'file:///gone.algo', version: 1, text: 'x' });
    send({ kind: 'forget', uri: 'file:///gone.algo' });
    await until(() => results.length >= 1);
    // results come in the order of checking: had version 1 or 2 been checked, it would be first
    send({ kind: 'check', uri: 'file:///sentinel.algo', version: 1, text: '' });
    await until(() => results.length >= 2);
    port1.close();
    expect(results.map((r) => [r.uri, r.version])).toEqual([[uri, 3], ['file:///sentinel.algo', 1]]);
    const only = results[0]!;
    expect('diagnostics' in only && only.diagnostics.map((d) => d.message)).toContain('unknown name `closee` — did you mean `close`?');
  });

  it('falls back to checking on the main thread, with a warning, when the worker cannot start', async () => {
    const { published, logs, close } = await inProcessServer({ path: '/nonexistent/diagnostics-worker.js', execArgv: [] });
    expect(published[0]?.diagnostics.map((d) => d.message)).toContain('unknown name `closee` — did you mean `close`?');
    expect(logs.join('\n')).toContain('diagnostics worker failed');
    close();
  });

  it('checks on the main thread when the worker runs but does not answer in time', async () => {
    const silent = new URL('data:text/javascript,setInterval(() => {}, 1000)');
    const { published, logs, close } = await inProcessServer({ path: silent, execArgv: [], patienceMs: 100 });
    expect(published[0]?.diagnostics.map((d) => d.message)).toContain('unknown name `closee` — did you mean `close`?');
    expect(logs).toEqual([]);
    close();
  });
});

/** A server in this process on in-memory streams, with `worker` as its diagnostics worker; resolves once it published for a bad file. */
async function inProcessServer(worker: WorkerScript) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, { diagnosticsWorker: worker });
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published: PublishDiagnosticsParams[] = [];
  const logs: string[] = [];
  client.onNotification(PublishDiagnosticsNotification.type, (p) => published.push(p));
  client.onNotification(LogMessageNotification.type, (p) => logs.push(p.message));
  client.listen();
  await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, initializationOptions: { diagnosticsDelayMs: 0 } });
  await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'file:///f.algo', languageId: 'algo', version: 1, text: 'strategy "f" { let x = closee }' } });
  await until(() => published.length > 0);
  return {
    published,
    logs,
    close: () => {
      client.dispose();
      server.dispose();
    },
  };
}
