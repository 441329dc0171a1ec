import type { Db } from 'mongodb';
import { z } from 'zod';
import { IdField, newId } from './fields.js';
import { Repository } from './repository.js';
import type { CollectionIndexes, WriteResult } from './repository.js';
import { KillSwitchDocSchema } from './system-config.js';
import { validateDocument } from './validation.js';

/**
 * `users` (seed 001): accounts. Emails are stored lower-cased and are unique; only a
 * password *hash* is ever stored (hashing is the API's job — this schema refuses a
 * document without one). A per-user kill switch lives here.
 */
export const UserDocSchema = z
  .object({
    _id: IdField,
    email: z.email().max(255).transform((e) => e.toLowerCase()),
    name: z.string().max(100).optional(),
    password_hash: z.string().min(20).max(1024),
    kill_switch: KillSwitchDocSchema.optional(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .strict();
export type UserDoc = z.infer<typeof UserDocSchema>;

export const userIndexes: CollectionIndexes = {
  collection: 'users',
  indexes: [{ key: { email: 1 }, name: 'email_unique', unique: true }],
};

export class UsersRepository extends Repository<typeof UserDocSchema> {
  constructor(db: Db) {
    super(db, 'users', UserDocSchema);
  }

  /** Creates an account; an email already registered is an `email` conflict. */
  async create(input: { email: string; password_hash: string; name?: string; _id?: string }): Promise<WriteResult<UserDoc>> {
    const now = new Date();
    const doc = this.valid({ _id: newId(), ...input, created_at: now, updated_at: now });
    return this.insertUnique(doc, 'email');
  }

  async get(id: string): Promise<UserDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ _id: id }));
  }

  /** Looks an email up case-insensitively (emails are stored lower-cased). */
  async getByEmail(email: string): Promise<UserDoc | null> {
    return this.parsedOrNull(await this.collection.findOne({ email: email.toLowerCase() }));
  }

  /** Replaces the password hash; false when the user does not exist. */
  async setPasswordHash(id: string, passwordHash: string): Promise<boolean> {
    const { password_hash } = validateDocument(this.collectionName, UserDocSchema.pick({ password_hash: true }), { password_hash: passwordHash });
    return (await this.collection.updateOne({ _id: id }, { $set: { password_hash, updated_at: new Date() } })).matchedCount === 1;
  }

  /** Users whose kill switch is engaged (to restore the Redis copies at start-up). */
  async listWithKillSwitch(): Promise<UserDoc[]> {
    const docs = await this.collection.find({ 'kill_switch.engaged': true }).sort({ _id: 1 }).toArray();
    return docs.map((d) => this.parsed(d));
  }

  /** Engages or releases the user's kill switch; returns the user or null. */
  async setKillSwitch(id: string, engaged: boolean, reason?: string, by?: string): Promise<UserDoc | null> {
    const ks = validateDocument(this.collectionName, KillSwitchDocSchema, { engaged, at: new Date(), ...(reason ? { reason } : {}), ...(by ? { by } : {}) });
    const r = await this.collection.findOneAndUpdate({ _id: id }, { $set: { kill_switch: ks, updated_at: new Date() } }, { returnDocument: 'after' });
    return this.parsedOrNull(r);
  }
}
