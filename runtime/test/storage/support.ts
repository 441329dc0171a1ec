import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { CredentialsCipher } from '../../src/storage/crypto/credentials-cipher.js';
import { resolveMongo } from '../../src/storage/mongo/resolve.js';
import type { ResolvedMongo } from '../../src/storage/mongo/resolve.js';
import { openStorage } from '../../src/storage/storage.js';
import type { Storage, StorageOptions } from '../../src/storage/storage.js';

/**
 * Contract-test plumbing: each suite runs against whatever MongoDB `resolveMongo`
 * resolves — `MONGO_URL` when set (a real server), else an embedded mongod, else the
 * offline stand-in — in a database of its own that is dropped afterwards.
 */
export interface StorageFixture {
  readonly storage: Storage;
  readonly mongo: ResolvedMongo;
  readonly cipher: CredentialsCipher;
}

export function useStorage(suite: string, opts: Partial<StorageOptions> = {}): () => StorageFixture {
  let fixture: StorageFixture | undefined;
  beforeAll(async () => {
    const lines: string[] = [];
    const mongo = await resolveMongo({ purpose: 'test', notify: (l) => lines.push(l) });
    if (!mongo.ok) throw new Error(mongo.message);
    const cipher = CredentialsCipher.fromKey(randomBytes(32));
    const dbName = `test_${suite}_${process.pid}_${randomBytes(3).toString('hex')}`;
    const opened = await openStorage({ url: mongo.value.url, dbName, credentialsCipher: cipher, ...opts });
    if (!opened.ok) throw new Error(opened.message);
    fixture = { storage: opened.value, mongo: mongo.value, cipher };
  });
  afterAll(async () => {
    if (!fixture) return;
    await fixture.storage.db.dropDatabase();
    await fixture.storage.close();
    await fixture.mongo.stop();
  });
  return () => {
    if (!fixture) throw new Error('storage fixture used outside a test');
    return fixture;
  };
}
