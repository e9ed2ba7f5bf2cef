// The connector contract: what a connector package may use, and what the platform runs connectors with.
export * from './connector.js';
export * from './instance.js';
export * from './observation.js';
export * from './mapping.js';
export * from './json.js';
export { redact, REDACTED } from './redact.js';

export * from './auth/auth-scheme.js';
export * from './auth/oauth2-client-credentials.js';
export * from './auth/static-header.js';
export * from './auth/basic.js';
export * from './auth/google-service-account.js';
export { TokenCache, type FetchedToken, type TokenCacheOptions } from './auth/token-cache.js';

export { createTransport } from './http/transport.js';
export type * from './http/transport-types.js';
export { HttpError, isHttpError, type HttpErrorCode } from './http/errors.js';
export type { RateLimitOptions } from './http/rate-limiter.js';
export type { Query, QueryScalar } from './http/url.js';
export * from './http/paging.js';
export { parseLinkHeader } from './http/link-header.js';
export { sleep } from './http/sleep.js';
export { httpTuningSchema, tuningSettings, type HttpTuning } from './http/tuning.js';

export * from './sync/run-stream.js';
