/**
 * `@algo/api`: the management API (`algo serve`) and a typed client for it (the CLI's).
 *
 *   const { config } = await loadServeConfig({ env: process.env });
 *   const server = await startServer(config!);   // resolves Mongo and Redis, listens
 *   console.log(server.url);
 *   await server.close();
 */
export { ServeConfigSchema, loadServeConfig, configFromEnv, CONFIG_ENV, type ServeConfig, type ServeConfigInput, type ConfigResult } from './config.js';
export { buildApp } from './server/app.js';
export { createContext, type AppContext, type ContextOptions } from './context.js';
export { API_ERRORS, ApiError, ErrorBodySchema, ApiDiagnosticSchema, type ApiErrorCode, type ApiDiagnostic, type ErrorBody } from './errors.js';
export { createLogger, REDACTED_PATHS } from './observability/logger.js';
export { API_VERSION } from './version.js';
export { PasswordSchema, PASSWORD_MIN, hashPassword, verifyPassword } from './accounts/password.js';
export * from './schemas/auth.js';
export * from './schemas/strategies.js';
export * from './schemas/backtests.js';
export * from './schemas/ws.js';
export { startServer, type RunningServer, type StartOptions, type Companion, type CompanionStarter } from './serve.js';
export { loadCredentialsKey, type CredentialsKey } from './credentials-key.js';
export { ApiClient, type ApiResult } from './client/client.js';
export { CliCredentialsSchema, DEFAULT_SERVER, cliConfigDir, credentialsPath, loadCredentials, saveCredentials, resolveRemote, loggedInClient, type CliCredentials } from './client/credentials.js';
