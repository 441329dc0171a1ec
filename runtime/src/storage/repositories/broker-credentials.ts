import { Binary } from 'mongodb';
import type { Db } from 'mongodb';
import { z } from 'zod';
import type { CredentialsCipher } from '../crypto/credentials-cipher.js';
import { StorageError } from '../outcome.js';
import { IdField } from './fields.js';
import { Repository } from './repository.js';
import type { CollectionIndexes } from './repository.js';
import { readDocument, validateDocument } from './validation.js';

/**
 * `broker_credentials` (seed 001's broker_keys): a user's broker API secrets, encrypted at
 * rest with AES-256-GCM under the configured key. What is stored is ciphertext plus
 * non-secret metadata (which fields are set, when the access token expires). Plaintext
 * leaves this repository through one method only, `reveal`, for the component that logs in
 * to the broker; everything else (the API included) gets `describe`.
 */
export const BrokerField = z.enum(['zerodha', 'upstox']);
export type Broker = z.infer<typeof BrokerField>;

/** The secrets themselves (never stored in the clear). */
export const BrokerSecretsSchema = z
  .object({
    api_key: z.string().min(1).max(256),
    api_secret: z.string().min(1).max(256),
    access_token: z.string().min(1).max(2048).optional(),
    /** The broker's own client/user id, used by auto-login flows. */
    client_id: z.string().min(1).max(64).optional(),
    totp_key: z.string().min(1).max(256).optional(),
    mobile_no: z.string().min(1).max(32).optional(),
    pin: z.string().min(1).max(32).optional(),
  })
  .strict();
export type BrokerSecrets = z.infer<typeof BrokerSecretsSchema>;

export const BrokerCredentialDocSchema = z
  .object({
    _id: z.string(),
    user_id: IdField,
    broker: BrokerField,
    key_id: z.string().min(1).max(64),
    iv: z.instanceof(Binary),
    tag: z.instanceof(Binary),
    ciphertext: z.instanceof(Binary),
    /** Names of the secret fields present — never their values. */
    fields: z.array(z.string()),
    access_token_expires_at: z.date().optional(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .strict();
type BrokerCredentialDoc = z.infer<typeof BrokerCredentialDocSchema>;

/** Everything about stored credentials except the secrets. */
export interface BrokerCredentialInfo {
  readonly user_id: string;
  readonly broker: Broker;
  readonly fields: readonly string[];
  readonly has_access_token: boolean;
  readonly access_token_expires_at?: Date;
  readonly updated_at: Date;
}

export const brokerCredentialIndexes: CollectionIndexes = {
  collection: 'broker_credentials',
  indexes: [{ key: { user_id: 1, broker: 1 }, name: 'user_broker_unique', unique: true }],
};

/** The content of a BSON Binary (its buffer may be larger than the content). */
function bytes(b: Binary): Buffer {
  return Buffer.from(b.read(0, b.length()));
}

function info(d: BrokerCredentialDoc): BrokerCredentialInfo {
  return {
    user_id: d.user_id,
    broker: d.broker,
    fields: d.fields,
    has_access_token: d.fields.includes('access_token'),
    ...(d.access_token_expires_at ? { access_token_expires_at: d.access_token_expires_at } : {}),
    updated_at: d.updated_at,
  };
}

export class BrokerCredentialsRepository extends Repository<typeof BrokerCredentialDocSchema> {
  constructor(
    db: Db,
    private readonly cipher: CredentialsCipher | undefined,
  ) {
    super(db, 'broker_credentials', BrokerCredentialDocSchema);
  }

  private need(): CredentialsCipher {
    if (!this.cipher) throw new StorageError('STORAGE_CONFIG', 'broker credentials need an encryption key: set ALGO_CREDENTIALS_KEY (openssl rand -hex 32)');
    return this.cipher;
  }

  /** Stores (replacing) a user's secrets for one broker, encrypted; returns the non-secret description. */
  async put(userId: string, broker: Broker, secrets: BrokerSecrets, meta: { access_token_expires_at?: Date } = {}): Promise<BrokerCredentialInfo> {
    const cipher = this.need();
    const clean = validateDocument(this.collectionName, BrokerSecretsSchema, secrets);
    const aad = `${userId}:${broker}`;
    const sealed = cipher.seal(Buffer.from(JSON.stringify(clean), 'utf8'), aad);
    const now = new Date();
    const existing = await this.collection.findOne({ _id: aad }, { projection: { created_at: 1 } });
    const doc = this.valid({
      _id: aad,
      user_id: userId,
      broker,
      key_id: sealed.keyId,
      iv: new Binary(sealed.iv),
      tag: new Binary(sealed.tag),
      ciphertext: new Binary(sealed.ciphertext),
      fields: Object.keys(clean).sort(),
      ...(meta.access_token_expires_at ? { access_token_expires_at: meta.access_token_expires_at } : {}),
      created_at: existing?.created_at ?? now,
      updated_at: now,
    });
    await this.collection.replaceOne({ _id: aad }, doc, { upsert: true });
    return info(doc);
  }

  /** Replaces only the daily access token (and when it expires), keeping the other secrets. */
  async setAccessToken(userId: string, broker: Broker, accessToken: string, expiresAt: Date): Promise<BrokerCredentialInfo | null> {
    const current = await this.reveal(userId, broker);
    if (!current) return null;
    return this.put(userId, broker, { ...current, access_token: accessToken }, { access_token_expires_at: expiresAt });
  }

  /** What is stored for one broker, without secrets; null when nothing is. */
  async describe(userId: string, broker: Broker): Promise<BrokerCredentialInfo | null> {
    const d = await this.collection.findOne({ _id: `${userId}:${broker}` });
    return d ? info(this.parsed(d)) : null;
  }

  /** What is stored for each of the user's brokers, without secrets. */
  async list(userId: string): Promise<BrokerCredentialInfo[]> {
    const docs = await this.collection.find({ user_id: userId }).sort({ broker: 1 }).toArray();
    return docs.map((d) => info(this.parsed(d)));
  }

  /**
   * The plaintext secrets — the one way they leave storage, for the broker login only.
   * Never log or return the result over the API. Null when nothing is stored; a wrong key
   * or tampered document throws STORAGE_DECRYPT_FAILED.
   */
  async reveal(userId: string, broker: Broker): Promise<BrokerSecrets | null> {
    const cipher = this.need();
    const raw = await this.collection.findOne({ _id: `${userId}:${broker}` });
    if (!raw) return null;
    const d = this.parsed(raw);
    const plain = cipher.open({ iv: bytes(d.iv), tag: bytes(d.tag), ciphertext: bytes(d.ciphertext), keyId: d.key_id }, d._id);
    return readDocument(this.collectionName, BrokerSecretsSchema, JSON.parse(plain.toString('utf8')));
  }

  /** Deletes one broker's credentials; true when they existed. */
  async delete(userId: string, broker: Broker): Promise<boolean> {
    return (await this.collection.deleteOne({ _id: `${userId}:${broker}` })).deletedCount === 1;
  }
}
