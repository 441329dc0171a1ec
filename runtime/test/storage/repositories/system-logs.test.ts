import { describe, expect, it } from 'vitest';
import { useStorage } from '../support.js';

const fixture = useStorage('syslogs');
const repo = () => fixture().storage.systemLogs;

describe('system_logs', () => {
  it('stores entries with secrets redacted from their context', async () => {
    await repo().write([
      { level: 'INFO', component: 'WebSocket', message: 'Successfully fetched new access token.', context: { access_token: 'tok-123', api_key: 'k', nested: { password: 'p', ok: 1 } } },
    ]);
    const raw = await fixture().storage.db.collection('system_logs').findOne({ component: 'WebSocket' });
    expect(JSON.stringify(raw)).not.toMatch(/tok-123|"p"/);
    expect(raw?.context).toEqual({ access_token: '[redacted]', api_key: '[redacted]', nested: { password: '[redacted]', ok: 1 } });
  });

  it('queries by time, level, component and strategy, newest first', async () => {
    const t = (m: number) => new Date(Date.UTC(2024, 0, 15, 4, m));
    await repo().write([
      { level: 'ERROR', component: 'EvaluationWorker', set_id: 'set1', message: 'a', timestamp: t(1) },
      { level: 'WARNING', component: 'EvaluationWorker', set_id: 'set1', message: 'b', timestamp: t(2) },
      { level: 'ERROR', component: 'ExecutionWorker', set_id: 'set2', message: 'c', timestamp: t(3) },
    ]);
    expect((await repo().query({ level: 'ERROR', from: t(0), to: t(10) })).map((l) => l.message)).toEqual(['c', 'a']);
    expect((await repo().query({ component: 'EvaluationWorker', set_id: 'set1' })).map((l) => l.message)).toEqual(['b', 'a']);
    expect(await repo().query({ from: t(2), to: t(3) })).toHaveLength(1);
  });

  it('refuses malformed entries naming the field', async () => {
    await expect(repo().write([{ level: 'LOUD' as never, component: 'X', message: 'm' }])).rejects.toThrow(/^system_logs: level:/);
    await expect(repo().write([{ level: 'INFO', component: 'X', message: '' }])).rejects.toThrow(/^system_logs: message:/);
  });
});
