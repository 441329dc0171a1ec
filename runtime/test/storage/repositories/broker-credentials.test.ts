import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialsCipher } from '../../../src/storage/crypto/credentials-cipher.js';
import { BrokerCredentialsRepository } from '../../../src/storage/repositories/broker-credentials.js';
import { useStorage } from '../support.js';

const fixture = useStorage('brokercreds');
const repo = () => fixture().storage.brokerCredentials;
const raw = () => fixture().storage.db.collection('broker_credentials');

const secrets = { api_key: 'kite-api-key-XYZ', api_secret: 'kite-api-secret-ABC', access_token: 'tok-daily-123' };

describe('broker_credentials', () => {
  it('stores ciphertext only, and describes without secrets', async () => {
    const info = await repo().put('u1', 'zerodha', secrets, { access_token_expires_at: new Date('2024-01-16T00:30:00Z') });
    expect(info).toMatchObject({ user_id: 'u1', broker: 'zerodha', fields: ['access_token', 'api_key', 'api_secret'], has_access_token: true });
    const doc = await raw().findOne({ user_id: 'u1' });
    const stored = JSON.stringify(doc) + Buffer.from(doc!.ciphertext.buffer).toString('latin1');
    for (const s of Object.values(secrets)) expect(stored).not.toContain(s);
    expect(JSON.stringify(await repo().describe('u1', 'zerodha'))).not.toContain('kite-api');
    expect((await repo().list('u1')).map((c) => c.broker)).toEqual(['zerodha']);
  });

  it('reveals the plaintext only through reveal, and replaces the daily token', async () => {
    expect(await repo().reveal('u1', 'zerodha')).toEqual(secrets);
    expect(await repo().reveal('u1', 'upstox')).toBeNull();
    await repo().setAccessToken('u1', 'zerodha', 'tok-next-day', new Date('2024-01-17T00:30:00Z'));
    expect((await repo().reveal('u1', 'zerodha'))?.access_token).toBe('tok-next-day');
    expect((await repo().describe('u1', 'zerodha'))?.access_token_expires_at?.toISOString()).toBe('2024-01-17T00:30:00.000Z');
  });

  it('refuses to decrypt with another key or for another owner', async () => {
    const otherKey = new BrokerCredentialsRepository(fixture().storage.db, CredentialsCipher.fromKey(randomBytes(32)));
    await expect(otherKey.reveal('u1', 'zerodha')).rejects.toMatchObject({ code: 'STORAGE_DECRYPT_FAILED' });
    await repo().put('u2', 'zerodha', { api_key: 'other', api_secret: 'other' });
    const mine = await raw().findOne({ _id: 'u1:zerodha' as never });
    await raw().updateOne({ _id: 'u2:zerodha' as never }, { $set: { iv: mine!.iv, tag: mine!.tag, ciphertext: mine!.ciphertext } });
    await expect(repo().reveal('u2', 'zerodha')).rejects.toMatchObject({ code: 'STORAGE_DECRYPT_FAILED' });
  });

  it('needs a configured key to store or reveal, not to describe', async () => {
    const keyless = new BrokerCredentialsRepository(fixture().storage.db, undefined);
    await expect(keyless.put('u3', 'upstox', secrets)).rejects.toMatchObject({ code: 'STORAGE_CONFIG' });
    await expect(keyless.reveal('u1', 'zerodha')).rejects.toThrow(/ALGO_CREDENTIALS_KEY/);
    expect((await keyless.describe('u1', 'zerodha'))?.broker).toBe('zerodha');
    expect(CredentialsCipher.fromEnv({}).ok).toBe(false);
    expect(CredentialsCipher.fromEnv({ ALGO_CREDENTIALS_KEY: 'ab'.repeat(32) }).ok).toBe(true);
    const short = CredentialsCipher.fromEnv({ ALGO_CREDENTIALS_KEY: 'abcd' });
    expect(!short.ok && short.message).toMatch(/must be 32 bytes/);
  });

  it('refuses malformed secrets naming the field, and deletes', async () => {
    await expect(repo().put('u4', 'zerodha', { api_key: 'k' } as never)).rejects.toThrow(/^broker_credentials: api_secret:/);
    await expect(repo().put('u4', 'zerodha', { ...secrets, password: 'x' } as never)).rejects.toThrow('broker_credentials: password: unknown field');
    expect(await repo().delete('u1', 'zerodha')).toBe(true);
    expect(await repo().describe('u1', 'zerodha')).toBeNull();
  });
});
