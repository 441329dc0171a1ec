import type { EngineContext } from '../context.js';
import { RoleWorker } from '../role-worker.js';
import { Recorder } from './recorder.js';

/**
 * Drains `stream:outbox` into MongoDB, in order, one process at a time (a lease). It runs
 * beside execution (the worker whose records matter most); while MongoDB is down the
 * entries wait in Redis and nothing else stops — trading goes on, the record catches up.
 */
export class RecorderWorker extends RoleWorker {
  private readonly recorder: Recorder;

  constructor(ctx: EngineContext) {
    super(ctx, 'recorder');
    this.recorder = new Recorder(ctx.storage, ctx.health, ctx.log);
    this.consume(
      'outbox',
      async (e) => {
        await this.recorder.apply(e.payload);
        return [];
      },
      {
        batched: true,
        handleMany: async (entries) => {
          await this.recorder.applyMany(entries.map((e) => e.payload));
          return [];
        },
      },
    );
  }

  protected async onTakeOver(): Promise<void> {}
}
