import { BacktestRequestSchema } from './request.js';
import { runLocalBacktest } from './run-local.js';

/**
 * The backtest worker: a child process the extension starts for each `Algo: Backtest`, so
 * a long run never blocks the editor and can be cancelled by ending the process. Protocol
 * (Node IPC): the parent sends one request; the worker sends `progress` messages, then one
 * `done` with the reply, and exits. A bug is reported as a `done` with the message too.
 */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly fraction: number; readonly bars: number }
  | { readonly type: 'done'; readonly reply: import('./run-local.js').BacktestReply };

function send(m: WorkerMessage): Promise<void> {
  return new Promise((resolve) => (process.send ? process.send(m, undefined, {}, () => resolve()) : resolve()));
}

process.once('message', (raw: unknown) => {
  void (async () => {
    const parsed = BacktestRequestSchema.safeParse(raw);
    if (!parsed.success) {
      await send({ type: 'done', reply: { ok: false, message: `bad backtest request: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` } });
      process.exit(0);
    }
    let last = 0;
    try {
      const reply = await runLocalBacktest(parsed.data, (fraction, bars) => {
        const now = Date.now();
        if (now - last < 100) return;
        last = now;
        void send({ type: 'progress', fraction, bars });
      });
      await send({ type: 'done', reply });
    } catch (err) {
      await send({ type: 'done', reply: { ok: false, message: `internal error in the backtest (please report it): ${err instanceof Error ? err.message : String(err)}` } });
    }
    process.exit(0);
  })();
});
