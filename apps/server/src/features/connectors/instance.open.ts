import { errors } from '@steward/domain';
import { instantiateConnector, type ConnectorInstance, type TransportEvent } from '@steward/sdk';
import { fromJson } from '../../platform/db/index.js';
import type { ConnectorDeps } from './deps.js';
import type { InstanceRow } from './instances.repo.js';
import { openSecrets } from './secrets.js';

export interface OpenedInstance {
  instance: ConnectorInstance<unknown>;
  /** Plain secret values, for redacting anything that leaves the process. */
  secretValues: string[];
}

/** A runnable connector for a stored instance: secrets opened from the vault only for as long as it runs. */
export async function openInstance(
  deps: Pick<ConnectorDeps, 'vault' | 'catalog' | 'log'>,
  row: InstanceRow,
  observe?: (event: TransportEvent) => void,
): Promise<OpenedInstance> {
  const connector = deps.catalog.get(row.connector_id);
  if (!connector) throw errors.conflict(`Connector "${row.connector_id}" is not installed.`);
  const secrets = await openSecrets(deps, row.tenant_id, row.id, row.secrets);
  const onEvent = (event: TransportEvent) => {
    observe?.(event);
    if (event.type === 'retry' || event.type === 'throttled')
      deps.log?.warn({ instanceId: row.id, connector: row.connector_id, event }, 'connector request retried');
  };
  const instance = instantiateConnector(connector, {
    config: fromJson(row.config),
    secrets,
    onEvent,
  });
  return { instance, secretValues: Object.values(secrets) };
}
