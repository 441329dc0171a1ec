import { BrokerField, BrokerSecretsSchema, StorageError, type BrokerCredentialInfo } from '@algo/runtime';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { ApiError, errorResponses, notFound } from '../errors.js';
import { OkSchema, TimestampSchema } from '../schemas/common.js';
import { userOf } from '../server/auth.js';
import type { ZodApp } from '../server/zod-app.js';

const tags = ['broker'];

/** Seed 001's broker validation: key and secret required; the access token is the daily one (Kite until 6 AM, Upstox until 3:30 AM). */
const PutBodySchema = BrokerSecretsSchema.extend({
  broker: BrokerField,
  access_token_expires_at: z.iso.datetime().optional(),
}).strict();

/** What is stored, never the secrets themselves. */
const CredentialInfoSchema = z
  .object({
    broker: BrokerField,
    fields: z.array(z.string()).describe('names of the secret fields stored, never their values'),
    has_access_token: z.boolean(),
    access_token_expires_at: TimestampSchema.optional(),
    updated_at: TimestampSchema,
  })
  .meta({ id: 'BrokerCredentialInfo' });

function view(i: BrokerCredentialInfo): z.input<typeof CredentialInfoSchema> {
  return {
    broker: i.broker,
    fields: [...i.fields],
    has_access_token: i.has_access_token,
    ...(i.access_token_expires_at ? { access_token_expires_at: i.access_token_expires_at.toISOString() } : {}),
    updated_at: i.updated_at.toISOString(),
  };
}

function keyMissing(err: unknown): never {
  if (err instanceof StorageError && err.code === 'STORAGE_CONFIG') {
    throw new ApiError('CREDENTIALS_KEY_MISSING', 'this server has no encryption key for broker credentials (ALGO_CREDENTIALS_KEY); ask its operator');
  }
  throw err;
}

/**
 * Broker credentials: stored encrypted (AES-256-GCM, in the storage layer); no route ever
 * returns them — `PUT` and `GET` answer with which fields are stored and when the access
 * token expires.
 */
export function registerBrokerRoutes(app: ZodApp, ctx: AppContext): void {
  app.put(
    '/broker/credentials',
    {
      schema: {
        tags,
        summary: 'Store your broker API credentials (encrypted; never returned)',
        body: PutBodySchema,
        response: { 200: CredentialInfoSchema, ...errorResponses(503) },
      },
    },
    async (req) => {
      const { broker, access_token_expires_at, ...secrets } = req.body;
      const info = await ctx.storage.brokerCredentials
        .put(userOf(req).userId, broker, secrets, access_token_expires_at ? { access_token_expires_at: new Date(access_token_expires_at) } : {})
        .catch(keyMissing);
      req.log.info({ broker, fields: info.fields }, 'broker credentials stored');
      return view(info);
    },
  );

  app.get(
    '/broker/credentials',
    { schema: { tags, summary: 'Which broker credentials you have stored (never the secrets)', response: { 200: z.object({ credentials: z.array(CredentialInfoSchema) }), ...errorResponses() } } },
    async (req) => ({ credentials: (await ctx.storage.brokerCredentials.list(userOf(req).userId)).map(view) }),
  );

  app.delete(
    '/broker/credentials/:broker',
    { schema: { tags, summary: 'Delete your credentials for one broker', params: z.object({ broker: BrokerField }), response: { 200: OkSchema, ...errorResponses(404) } } },
    async (req) => {
      if (!(await ctx.storage.brokerCredentials.delete(userOf(req).userId, req.params.broker))) throw notFound('credentials for broker', req.params.broker);
      return { ok: true as const };
    },
  );
}
