import { errors, isStewardError } from '@steward/domain';
import { instantiateConnector, redact } from '@steward/sdk';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import type { ConnectorDeps } from './deps.js';
import { openInstance } from './instance.open.js';
import { requireInstance } from './instances.repo.js';
import { checkSecrets } from './secrets.js';

const TEST_TIMEOUT_MS = 20_000;

/** One cheap authenticated call with the stored config and secrets; the answer never holds a secret. */
export async function testInstance(
  deps: ConnectorDeps,
  ctx: RequestContext,
  id: string,
): Promise<{ ok: boolean; message: string }> {
  const { tenantId } = authorize(ctx.principal, 'operator');
  const row = await requireInstance(deps.db, tenantId, id);
  let secretValues: string[] = [];
  try {
    const opened = await openInstance(deps, row);
    secretValues = opened.secretValues;
    const result = await opened.instance.test(AbortSignal.timeout(TEST_TIMEOUT_MS));
    return { ok: result.ok, message: redact(result.message, secretValues) };
  } catch (e) {
    return { ok: false, message: redact(e instanceof Error ? e.message : String(e), secretValues) };
  }
}

/**
 * Tests a configuration before it is saved (the form's "Test" on a new instance). Admin only: it sends
 * the given secrets to the given URL. Invalid config or secrets are a 400 naming `body.config.<field>`.
 */
export async function testUnsaved(
  deps: ConnectorDeps,
  ctx: RequestContext,
  connectorId: string,
  input: { config: unknown; secrets: Readonly<Record<string, string>> },
): Promise<{ ok: boolean; message: string }> {
  authorize(ctx.principal, 'admin');
  const connector = deps.catalog.require(connectorId, 'params.connectorId');
  checkSecrets(connector, input.secrets, true);
  const secretValues = Object.values(input.secrets);
  let instance: ReturnType<typeof instantiateConnector<unknown>>;
  try {
    instance = instantiateConnector(connector, { config: input.config, secrets: input.secrets });
  } catch (e) {
    if (!isStewardError(e)) throw e;
    // The SDK names fields relative to the config (or `secrets.<key>`); the API names them in the body.
    throw errors.validation(
      redact(e.message, secretValues),
      e.details.map((d) => ({
        path: d.path.startsWith('secrets.') ? `body.${d.path}` : `body.config.${d.path}`,
        reason: d.reason,
      })),
    );
  }
  const result = await instance.test(AbortSignal.timeout(TEST_TIMEOUT_MS));
  return { ok: result.ok, message: redact(result.message, secretValues) };
}
