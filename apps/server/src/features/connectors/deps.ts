import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Bus } from '../../platform/bus/index.js';
import type { Clock, DB, Dialect } from '../../platform/db/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { Vault } from '../../platform/vault/index.js';
import type { ConnectorCatalog } from './catalog.js';

export interface ConnectorDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: Bus;
  dialect: Dialect;
  queue: Pick<JobQueue, 'enqueue' | 'enqueueMany'>;
  vault: Pick<Vault, 'encrypt' | 'decrypt'>;
  catalog: ConnectorCatalog;
  log?: Pick<FastifyBaseLogger, 'info' | 'warn'>;
  /** Poll the job queue now (a sync asked for in this process starts without waiting for the next poll). */
  wake?: () => void;
}
