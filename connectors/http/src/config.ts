import { z } from 'zod';

const headerName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'a header name (letters, digits and - only)');

/** How requests prove who they are; the secret each type needs lives in the vault, never here. */
export const httpAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  /** `Authorization: Bearer <token>` (secret `token`). */
  z.strictObject({ type: z.literal('bearer') }),
  /** Any header carrying the secret `token`, with an optional prefix (`SSWS`, `Token`). */
  z.strictObject({
    type: z.literal('header'),
    header: headerName,
    prefix: z.string().trim().max(40).optional(),
  }),
  /** HTTP Basic with the secret `password`. */
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1).max(256) }),
  /** OAuth2 client credentials with the secret `clientSecret`; the token is refreshed ahead of expiry. */
  z.strictObject({
    type: z.literal('oauth2_client_credentials'),
    tokenUrl: z.url(),
    clientId: z.string().min(1).max(512),
    scope: z.string().max(1000).optional(),
    clientAuthentication: z.enum(['body', 'basic']).default('body'),
  }),
]);
export type HttpAuth = z.infer<typeof httpAuthSchema>;

export const httpApiConfigSchema = z.strictObject({
  /** Every request of this credential goes to this origin; a URL elsewhere is refused. */
  baseUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
  auth: httpAuthSchema.default({ type: 'none' }),
  /** Sent with every request (an API version, an Accept); not secret — put secrets in the vault. */
  headers: z.record(headerName, z.string().max(2000)).default({}),
  /** Path `test connection` GETs, relative to the base URL; any 2xx answer passes. */
  testPath: z.string().max(2000).default('/'),
  maxConcurrent: z.number().int().min(1).max(50).default(4),
  requestsPerSecond: z.number().positive().max(1000).optional(),
  timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
  maxRetries: z.number().int().min(0).max(10).default(3),
  backoffBaseMs: z.number().int().positive().optional(),
});
export type HttpApiConfig = z.infer<typeof httpApiConfigSchema>;
