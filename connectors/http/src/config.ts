import { z } from 'zod';

const headerName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'a header name (letters, digits and - only)');

const authType = <T extends string>(type: T, description: string) =>
  z.literal(type).meta({ title: 'Authentication type', description });

/** How requests prove who they are; the secret each type needs lives in the vault, never here. */
export const httpAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: authType('none', 'none: requests carry no credentials.') }),
  z.strictObject({
    type: authType('bearer', 'bearer: Authorization: Bearer <token>, with the secret token.'),
  }),
  z.strictObject({
    type: authType('header', 'header: any header carrying the secret token, with an optional prefix.'),
    header: headerName.meta({
      title: 'Header name',
      description: 'The request header that carries the secret token, such as Authorization or X-API-Key.',
    }),
    prefix: z.string().trim().max(40).optional().meta({
      title: 'Value prefix',
      description:
        'Written before the token in the header value, such as SSWS or Token; blank sends the token alone.',
    }),
  }),
  z.strictObject({
    type: authType('basic', 'basic: HTTP Basic authentication with the secret password.'),
    username: z.string().min(1).max(256).meta({
      title: 'User name',
      description: 'The HTTP Basic user name; the password is a secret kept in the vault.',
    }),
  }),
  z.strictObject({
    type: authType(
      'oauth2_client_credentials',
      'oauth2_client_credentials: OAuth 2.0 client credentials with the secret clientSecret, refreshed ahead of expiry.',
    ),
    tokenUrl: z.url().meta({
      title: 'Token URL',
      description: "The authorization server's token endpoint the client credentials are sent to.",
    }),
    clientId: z.string().min(1).max(512).meta({
      title: 'Client ID',
      description: 'The OAuth 2.0 client ID; the client secret is a secret kept in the vault.',
    }),
    scope: z.string().max(1000).optional().meta({
      title: 'Scope',
      description: 'Space-separated scopes to request; blank requests none.',
    }),
    clientAuthentication: z.enum(['body', 'basic']).default('body').meta({
      title: 'Client authentication',
      description:
        'How the client ID and secret reach the token endpoint: body (form fields) or basic (HTTP Basic).',
    }),
  }),
]);
export type HttpAuth = z.infer<typeof httpAuthSchema>;

export const httpApiConfigSchema = z.strictObject({
  baseUrl: z
    .url()
    .transform((u) => u.replace(/\/+$/, ''))
    .meta({
      title: 'Base URL',
      description: 'Every request of this credential goes to this origin; a URL elsewhere is refused.',
    }),
  auth: httpAuthSchema.default({ type: 'none' }).meta({
    title: 'Authentication',
    description:
      'How requests prove who they are, as JSON such as {"type": "bearer"}: none, bearer, header (header, ' +
      'prefix), basic (username) or oauth2_client_credentials (tokenUrl, clientId, scope, clientAuthentication).',
  }),
  headers: z
    .record(headerName, z.string().max(2000))
    .default({})
    .meta({
      title: 'Extra headers',
      description:
        'Headers sent with every request (an API version, an Accept), as a JSON object; not secret, so put ' +
        'secrets in the vault.',
    }),
  testPath: z.string().max(2000).default('/').meta({
    title: 'Test connection path',
    description: 'The path Test connection GETs, relative to the base URL; any 2xx answer passes.',
  }),
  maxConcurrent: z.number().int().min(1).max(50).default(4).meta({
    title: 'Concurrent requests',
    description: 'Advanced: the most requests in flight at once (1–50).',
  }),
  requestsPerSecond: z.number().positive().max(1000).optional().meta({
    title: 'Requests per second',
    description: 'Advanced: client-side pace to stay under the API rate limit; blank sends without pacing.',
  }),
  timeoutMs: z.number().int().min(100).max(300_000).default(30_000).meta({
    title: 'Request timeout (ms)',
    description: 'Advanced: how long one HTTP request may take before it is abandoned and retried.',
  }),
  maxRetries: z.number().int().min(0).max(10).default(3).meta({
    title: 'Maximum retries',
    description: 'Advanced: how often a failed or rate-limited request is retried (0–10).',
  }),
  backoffBaseMs: z.number().int().positive().optional().meta({
    title: 'Retry backoff base (ms)',
    description:
      'Advanced: the first wait between retries, doubled on each further retry; blank keeps the default.',
  }),
});
export type HttpApiConfig = z.infer<typeof httpApiConfigSchema>;
