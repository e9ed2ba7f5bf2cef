import { errors, type ErrorDetail } from '@steward/domain';
import { fromJson, toJson } from '../../platform/db/index.js';
import type { AnyConnector } from './catalog.js';
import type { ConnectorDeps } from './deps.js';

const contextOf = (instanceId: string, key: string) => `connector:${instanceId}:${key}`;

/**
 * Checks secrets given for a connector: unknown keys are refused, and on create (`requireAll`) every
 * secret the connector declares must be there. Messages never echo a value.
 */
export function checkSecrets(
  connector: AnyConnector,
  given: Readonly<Record<string, string>>,
  requireAll: boolean,
): void {
  const declared = new Set(connector.auth.secrets.map((s) => s.key));
  const details: ErrorDetail[] = [];
  for (const key of Object.keys(given))
    if (!declared.has(key))
      details.push({
        path: `body.secrets.${key}`,
        reason: `not a secret of ${connector.title}; expected ${[...declared].join(', ') || 'none'}`,
      });
  if (requireAll)
    for (const s of connector.auth.secrets)
      if (!s.optional && !given[s.key])
        details.push({ path: `body.secrets.${s.key}`, reason: `required (${s.label})` });
  if (details.length > 0)
    throw errors.validation(`The secrets for ${connector.title} are not valid.`, details);
}

/** Seals each given secret under the tenant's data key, bound to the instance and field. */
export async function sealSecrets(
  deps: Pick<ConnectorDeps, 'vault'>,
  tenantId: string,
  instanceId: string,
  given: Readonly<Record<string, string>>,
  existing: string | null = null,
): Promise<string> {
  const sealed = fromJson<Record<string, string>>(existing) ?? {};
  for (const [key, value] of Object.entries(given))
    sealed[key] = await deps.vault.encrypt(tenantId, value, contextOf(instanceId, key));
  return toJson(sealed);
}

export async function openSecrets(
  deps: Pick<ConnectorDeps, 'vault'>,
  tenantId: string,
  instanceId: string,
  stored: string,
): Promise<Record<string, string>> {
  const sealed = fromJson<Record<string, string>>(stored) ?? {};
  const plain: Record<string, string> = {};
  for (const [key, value] of Object.entries(sealed))
    plain[key] = await deps.vault.decrypt(tenantId, value, contextOf(instanceId, key));
  return plain;
}
