// Microsoft Entra ID's v2.0 token endpoint, client-credentials grant only, with its AADSTS error bodies.
import { randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse, SimRoute, TokenIssuer } from '@steward/sdk/simulator';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export interface EntraApp {
  tenantId: string;
  /** Other names of the tenant the endpoint accepts (its verified domains). */
  tenantDomains: readonly string[];
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds: number;
}

/** A token's subject: which app of which tenant holds it. */
export function subjectOf(app: Pick<EntraApp, 'tenantId' | 'clientId'>): string {
  return `${app.tenantId}/${app.clientId}`;
}

function entraError(status: number, error: string, code: number, description: string): SimResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return {
    status,
    json: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

export function entraTokenRoute(app: EntraApp, tokens: TokenIssuer): SimRoute {
  return {
    method: 'POST',
    path: '/:tenant/oauth2/v2.0/token',
    public: true,
    handle: (req: SimRequest) => {
      const tenant = req.params.tenant ?? '';
      if (tenant !== app.tenantId && !app.tenantDomains.includes(tenant.toLowerCase())) {
        return entraError(
          400,
          'invalid_request',
          90002,
          `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        );
      }
      if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        return entraError(
          400,
          'invalid_request',
          900144,
          "The request body must contain the following parameter: 'grant_type'.",
        );
      }
      const form = new URLSearchParams(req.body);
      const grant = form.get('grant_type');
      if (grant !== 'client_credentials') {
        return grant
          ? entraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.')
          : entraError(
              400,
              'invalid_request',
              900144,
              "The request body must contain the following parameter: 'grant_type'.",
            );
      }
      const clientId = form.get('client_id') ?? '';
      if (clientId !== app.clientId) {
        return entraError(
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
        );
      }
      const scope = form.get('scope') ?? '';
      if (scope !== GRAPH_DEFAULT_SCOPE) {
        return entraError(
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        );
      }
      if (form.get('client_secret') !== app.clientSecret) {
        return entraError(
          401,
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
        );
      }
      const lifetime = app.tokenLifetimeSeconds;
      return {
        status: 200,
        json: {
          token_type: 'Bearer',
          expires_in: lifetime,
          ext_expires_in: lifetime,
          access_token: tokens.issue(subjectOf(app), lifetime),
        },
      };
    },
  };
}
