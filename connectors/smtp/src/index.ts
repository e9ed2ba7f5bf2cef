import { defineConnector, noAuth } from '@steward/sdk';
import { sendEmail } from './actions/send-email.action.js';
import { smtpConfigSchema, type SmtpConfig } from './config.js';
import { endpointOf } from './endpoint.js';
import { classify, describeFailure, serverOf } from './failures.js';
import { verify } from './mailer.js';

export type { SmtpConfig, SecurityMode } from './config.js';
export { smtpConfigSchema, SECURITY_MODES } from './config.js';
export { sendEmailInputSchema, messageIdOf, type SendEmailInput } from './actions/send-email.action.js';

export const smtp = defineConnector<SmtpConfig>({
  id: 'smtp',
  title: 'Email (SMTP)',
  category: 'messaging',
  description: 'Sends email through your mail server (SMTP with TLS or STARTTLS, optionally signed in).',
  configSchema: smtpConfigSchema,
  auth: {
    // The password signs in over SMTP (AUTH PLAIN/LOGIN), never in an HTTP header.
    type: 'none',
    secrets: [
      {
        key: 'password',
        label: 'Password',
        description: 'Of the user name in the configuration (an app password where the provider has them).',
        optional: true,
      },
    ],
    create: () => noAuth(),
  },
  // No HTTP: the endpoint URL only carries the password to the SMTP client, see endpoint.ts.
  http: (config, secrets) => {
    const endpoint = endpointOf(config, secrets);
    return { baseUrl: endpoint.href, secrets: endpoint.secrets, maxRetries: 0 };
  },
  streams: {},
  actions: { sendEmail },
  async test(ctx) {
    const { config } = ctx;
    try {
      await verify(ctx);
    } catch (e) {
      return { ok: false, message: describeFailure(classify(e), config) };
    }
    const who = config.username ? `signed in as ${config.username}` : 'without signing in';
    return {
      ok: true,
      message: `Connected to the SMTP server ${serverOf(config)} (${config.security}) and ${who}.`,
    };
  },
});
