import { describe, expect, it } from 'vitest';
import { useStorage } from '../support.js';

const fixture = useStorage('sysconfig');
const repo = () => fixture().storage.systemConfig;

describe('system_config', () => {
  it('starts empty, then merges updates into the one global document', async () => {
    expect(await repo().get()).toBeNull();
    await repo().update({ system_settings: { log_level: 'INFO', max_websocket_reconnect_attempts: 10 } });
    await repo().update({ redis_config: { host: 'localhost', port: 6379, db: 0 } });
    const got = await repo().get();
    expect(got).toMatchObject({ _id: 'global_settings', system_settings: { log_level: 'INFO' }, redis_config: { port: 6379 } });
    expect(await fixture().storage.db.collection('system_config').countDocuments()).toBe(1);
  });

  it('holds the global kill switch', async () => {
    await repo().update({ kill_switch: { engaged: true, reason: 'test', at: new Date() } });
    expect((await repo().get())?.kill_switch?.engaged).toBe(true);
  });

  it('refuses broker secrets in plain text and malformed settings, naming the field', async () => {
    await expect(repo().update({ upstox_credentials: { api_key: 'x' } } as never)).rejects.toThrow('system_config: upstox_credentials: unknown field');
    await expect(repo().update({ system_settings: { log_level: 'LOUD', max_websocket_reconnect_attempts: 1 } } as never)).rejects.toThrow(/^system_config: system_settings\.log_level:/);
  });
});
