import type { Db } from 'mongodb';
import { z } from 'zod';
import { IdField, newId } from './fields.js';
import { Repository } from './repository.js';
import type { CollectionIndexes, WriteResult } from './repository.js';

/**
 * `api_tokens`: the CLI's bearer tokens. Only a hash of each token is stored (the token is
 * shown once, by the API); `prefix` is a short, non-secret part to tell tokens apart in a
 * list. Revoked tokens stay for the record; lookups ignore them.
 */
export const ApiTokenDocSchema = z
  .object({
    _id: IdField,
    user_id: IdField,
    name: z.string().min(1).max(100),
    token_hash: z.string().min(32).max(256),
    prefix: z.string().max(12).optional(),
    created_at: z.date(),
    last_used_at: z.date().optional(),
    expires_at: z.date().optional(),
    revoked_at: z.date().optional(),
  })
  .strict();
export type ApiTokenDoc = z.infer<typeof ApiTokenDocSchema>;

export const apiTokenIndexes: CollectionIndexes = {
  collection: 'api_tokens',
  indexes: [
    { key: { token_hash: 1 }, name: 'token_hash_unique', unique: true },
    { key: { user_id: 1, created_at: -1 }, name: 'user_created' },
  ],
};

export class ApiTokensRepository extends Repository<typeof ApiTokenDocSchema> {
  constructor(db: Db) {
    super(db, 'api_tokens', ApiTokenDocSchema);
  }

  /** Stores a token's hash; the same hash twice is a `token_hash` conflict. */
  async create(input: Pick<ApiTokenDoc, 'user_id' | 'name' | 'token_hash'> & Partial<Pick<ApiTokenDoc, 'prefix' | 'expires_at' | '_id'>>): Promise<WriteResult<ApiTokenDoc>> {
    const doc = this.valid({ _id: newId(), ...input, created_at: new Date() });
    return this.insertUnique(doc, 'token_hash');
  }

  /**
   * The live token with this hash — not revoked, not expired — recording its use; null
   * otherwise. This is the authentication lookup.
   */
  async use(tokenHash: string, now = new Date()): Promise<ApiTokenDoc | null> {
    const r = await this.collection.findOneAndUpdate(
      { token_hash: tokenHash, revoked_at: { $exists: false }, $or: [{ expires_at: { $exists: false } }, { expires_at: { $gt: now } }] },
      { $set: { last_used_at: now } },
      { returnDocument: 'after' },
    );
    return this.parsedOrNull(r);
  }

  /** A user's tokens (hashes included — the caller decides what to show), newest first. */
  async listForUser(userId: string): Promise<ApiTokenDoc[]> {
    const docs = await this.collection.find({ user_id: userId }).sort({ created_at: -1 }).toArray();
    return docs.map((d) => this.parsed(d));
  }

  /** Revokes the user's token; false when there is no such live token. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const r = await this.collection.updateOne({ _id: id, user_id: userId, revoked_at: { $exists: false } }, { $set: { revoked_at: new Date() } });
    return r.modifiedCount === 1;
  }
}
