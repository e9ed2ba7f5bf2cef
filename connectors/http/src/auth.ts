import { errors } from '@steward/domain';
import {
  basicAuth,
  noAuth,
  oauth2ClientCredentials,
  staticHeader,
  type AuthScheme,
  type SecretValues,
} from '@steward/sdk';
import type { HttpAuth } from './config.js';

/** Which vault secret each auth type needs. */
export const SECRET_FOR: Record<HttpAuth['type'], 'token' | 'password' | 'clientSecret' | undefined> = {
  none: undefined,
  bearer: 'token',
  header: 'token',
  basic: 'password',
  oauth2_client_credentials: 'clientSecret',
};

function required(secrets: SecretValues, key: string, type: string): string {
  const value = secrets[key];
  if (value) return value;
  throw errors.validation(`Authentication "${type}" needs the secret "${key}".`, [
    { path: `secrets.${key}`, reason: `required for auth type ${type}` },
  ]);
}

export function createHttpAuth(auth: HttpAuth, secrets: SecretValues): AuthScheme {
  switch (auth.type) {
    case 'none':
      return noAuth();
    case 'bearer':
      return staticHeader({
        header: 'Authorization',
        prefix: 'Bearer',
        token: required(secrets, 'token', auth.type),
      });
    case 'header':
      return staticHeader({
        header: auth.header,
        prefix: auth.prefix,
        token: required(secrets, 'token', auth.type),
      });
    case 'basic':
      return basicAuth({ username: auth.username, password: required(secrets, 'password', auth.type) });
    case 'oauth2_client_credentials':
      return oauth2ClientCredentials({
        tokenUrl: auth.tokenUrl,
        clientId: auth.clientId,
        clientSecret: required(secrets, 'clientSecret', auth.type),
        scope: auth.scope,
        clientAuthentication: auth.clientAuthentication,
      });
  }
}
