// The connection test: a token, then the cheapest authenticated call there is.
import { isStewardError } from '@steward/domain';
import { isHttpError, type ConnectionTestResult, type ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { MimecastConfig } from './config.js';
import { call } from './transport.js';

// Modelled: the reference does not document it; Mimecast's account endpoint answers the account's name,
// code and region, which is what an admin wants to see when telling 125 accounts apart.
export const ACCOUNT_PATH = '/api/account/get-account';

const accountSchema = z.looseObject({
  accountName: z.string().min(1),
  accountCode: z.string().nullish(),
  region: z.string().nullish(),
});

export async function testConnection(ctx: ConnectorContext<MimecastConfig>): Promise<ConnectionTestResult> {
  const label = ctx.config.environment;
  try {
    const { data } = await call(ctx, ACCOUNT_PATH, [], {
      what: 'get account',
      item: accountSchema,
      repeatable: true,
    });
    const account = data[0];
    if (!account)
      return { ok: false, message: `${label}: Mimecast answered get-account without an account.` };
    const region = account.region ? `, region ${account.region}` : '';
    return {
      ok: true,
      message: `${label}: connected to Mimecast account "${account.accountName}"${region}.`,
    };
  } catch (e) {
    return { ok: false, message: `${label}: ${failureMessage(e)}` };
  }
}

// HttpError and StewardError texts are already free of secrets (the transport redacts them).
function failureMessage(e: unknown): string {
  if (isHttpError(e) && e.code === 'token_request_failed' && e.status !== undefined) {
    const said = oauthError(e.bodySnippet);
    return `Mimecast refused the API client credentials (${e.status}${said ? ` ${said}` : ''}).`;
  }
  if (isHttpError(e) || isStewardError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

const oauthErrorSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() });

/** `invalid_client: Client authentication failed` from an OAuth error body. */
function oauthError(body: string | undefined): string | undefined {
  if (!body) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body;
  }
  const parsed = oauthErrorSchema.safeParse(json);
  if (!parsed.success) return body;
  return [parsed.data.error, parsed.data.error_description].filter(Boolean).join(': ');
}
