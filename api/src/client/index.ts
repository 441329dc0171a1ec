/**
 * `@algo/api/client`: the typed client of the management API and the CLI's saved login,
 * without the server — loading it costs zod and ws, not Fastify, MongoDB or Redis. The
 * CLI's remote commands import this.
 */
export { ApiClient, type ApiResult } from './client.js';
export { CliCredentialsSchema, DEFAULT_SERVER, cliConfigDir, credentialsPath, loadCredentials, saveCredentials, resolveRemote, loggedInClient, type CliCredentials } from './credentials.js';
export type { ApiDiagnostic, ErrorBody } from '../errors.js';
export type { ServerMessage, ClientMessage } from '../schemas/ws.js';
