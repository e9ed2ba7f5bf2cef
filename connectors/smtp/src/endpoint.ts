// Where the password lives while an instance runs. The SDK keeps secrets out of ConnectorContext and
// hands them only to `http(config, secrets)`, for vendors whose endpoint carries its credential (a Slack
// webhook URL). An SMTP endpoint is such a URL, `smtp://user:password@host:port`: the instance's
// transport holds it as its base URL and lists it among the values redacted from every error. Nothing
// ever sends HTTP to it; the SMTP client reads the password back from it and nothing else.
import { errors } from '@steward/domain';
import type { ConnectorContext, SecretValues } from '@steward/sdk';
import type { SmtpConfig } from './config.js';

export interface SmtpEndpoint {
  href: string;
  /** Every form of the password the URL holds, for the transport to scrub from error texts. */
  secrets: string[];
}

/**
 * The endpoint URL for an instance. A user name needs a password and a password a user name; the
 * errors name the field and never the value.
 */
export function endpointOf(config: SmtpConfig, secrets: SecretValues): SmtpEndpoint {
  const password = secrets.password ?? '';
  if (config.username && password === '')
    throw errors.validation('The SMTP password is required when a user name is set.', [
      { path: 'secrets.password', reason: 'required when a user name is set' },
    ]);
  if (!config.username && password !== '')
    throw errors.validation('The SMTP user name is required to sign in with the password.', [
      { path: 'username', reason: 'required when a password is set' },
    ]);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = new URL(`${config.security === 'tls' ? 'smtps' : 'smtp'}://${host}:${config.port}`);
  if (config.username) {
    // Encoded first: the URL setters leave `%` alone, which would not read back the same.
    url.username = encodeURIComponent(config.username);
    url.password = encodeURIComponent(password);
  }
  return { href: url.href, secrets: password === '' ? [] : [url.href, url.password] };
}

/** The credentials to sign in with, or undefined for a relay without sign-in. */
export function credentialsOf(ctx: ConnectorContext<SmtpConfig>): { user: string; pass: string } | undefined {
  const { username } = ctx.config;
  if (!username) return undefined;
  return { user: username, pass: decodeURIComponent(new URL(ctx.http.baseUrl).password) };
}
