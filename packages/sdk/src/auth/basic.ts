import type { AuthScheme } from './auth-scheme.js';

export interface BasicAuthOptions {
  username: string;
  password: string;
}

/** HTTP Basic (ServiceNow, Jamf user-token bootstrap). */
export function basicAuth(options: BasicAuthOptions): AuthScheme {
  if (!options.username || !options.password)
    throw new Error('basicAuth: username and password are required.');
  const encoded = Buffer.from(`${options.username}:${options.password}`).toString('base64');
  return {
    type: 'basic',
    credentials: () => Promise.resolve({ headers: { Authorization: `Basic ${encoded}` }, generation: 0 }),
    invalidate: () => false,
    secretValues: () => [options.password, encoded],
  };
}
