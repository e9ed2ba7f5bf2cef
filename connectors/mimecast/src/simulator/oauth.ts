// POST /oauth/token: the client-credentials grant, form-encoded, answered in OAuth's own error shape.
import type { SimRequest, SimResponse, SimRoute, TokenIssuer } from '@steward/sdk/simulator';

export interface OAuthDeps {
  tokens: TokenIssuer;
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds: number;
  /** Every token ever issued, so a 401 can tell an expired token from one never issued. */
  issued: Set<string>;
}

const oauthError = (status: number, error: string, description: string): SimResponse => ({
  status,
  json: { error, error_description: description },
});

function issueToken(deps: OAuthDeps, req: SimRequest): SimResponse {
  const form = new URLSearchParams(req.body);
  if (form.get('grant_type') !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', 'grant_type must be client_credentials.');
  }
  const clientId = form.get('client_id');
  const secret = form.get('client_secret');
  if (!clientId || !secret) {
    return oauthError(400, 'invalid_request', 'client_id and client_secret are required.');
  }
  if (clientId !== deps.clientId || secret !== deps.clientSecret) {
    return oauthError(401, 'invalid_client', 'Client authentication failed.');
  }
  const token = deps.tokens.issue(clientId, deps.tokenLifetimeSeconds);
  deps.issued.add(token);
  return {
    status: 200,
    json: { access_token: token, token_type: 'Bearer', expires_in: deps.tokenLifetimeSeconds },
  };
}

export const oauthRoute = (deps: OAuthDeps): SimRoute => ({
  method: 'POST',
  path: '/oauth/token',
  public: true,
  handle: (req) => issueToken(deps, req),
});
