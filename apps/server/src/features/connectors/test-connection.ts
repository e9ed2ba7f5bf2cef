import { redact } from '@steward/sdk';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import type { ConnectorDeps } from './deps.js';
import { openInstance } from './instance.open.js';
import { requireInstance } from './instances.repo.js';

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
