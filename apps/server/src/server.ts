import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config/index.js';
import { createMemoryBus, createNatsBus, type Bus } from './platform/bus/index.js';
import { openMigratedStore, systemClock, type Clock, type Store } from './platform/db/index.js';
import { createHttp, createMetrics, serveWeb, type Metrics } from './platform/http/index.js';
import { JobQueue, Worker, type JobHandler } from './platform/jobs/index.js';
import { LinkSigner } from './platform/auth/index.js';
import { openVault, type Vault } from './platform/vault/index.js';
import { registerAuditRoutes } from './features/audit/index.js';
import { installAuthentication, registerAuthRoutes } from './features/auth/index.js';
import { registerHealthRoutes } from './features/health/index.js';
import { registerTenantRoutes } from './features/tenants/index.js';
import { registerTokenRoutes } from './features/tokens/index.js';
import { registerUserRoutes } from './features/users/index.js';
import { registerAcknowledgementRoutes, registerAssetRoutes } from './features/assets/index.js';
import { registerAssetCsvRoutes } from './features/asset-csv/index.js';
import { registerAttachmentRoutes } from './features/attachments/index.js';
import { registerCustomFieldRoutes } from './features/custom-fields/index.js';
import { registerLocationRoutes } from './features/locations/index.js';
import { registerPeopleRoutes } from './features/people/index.js';
import { registerPurchasingRoutes } from './features/purchasing/index.js';
import { registerViewRoutes } from './features/views/index.js';
import {
  RERECONCILE_JOB,
  observeKnownEntities,
  registerIngestionRoutes,
  rereconcileHandler,
} from './features/ingestion/index.js';
import { REMIND_JOB, registerAttestationRoutes, reminderHandler } from './features/attestation/index.js';
import { DEMO_SEED_JOB, demoSeedHandler } from './features/demo/index.js';
import {
  BUILT_IN_CONNECTORS,
  ConnectorCatalog,
  SCHEDULED_SYNC_JOB,
  SYNC_JOB,
  registerConnectorRoutes,
  registerHttpActionRoutes,
  scheduledSyncHandler,
  syncHandler,
  type AnyConnector,
  type ConnectorDeps,
} from './features/connectors/index.js';
import {
  registerWorkflowRoutes,
  STEP_JOB,
  stepHandler,
  nudgeTriggerScans,
  TRIGGER_SCAN_JOB,
  triggerScanHandler,
  COMPENSATE_JOB,
  compensateHandler,
  wakeOnAgentTasks,
  type WorkflowDeps,
} from './features/workflows/index.js';
import {
  DATE_SCAN_JOB,
  SCHEDULE_JOB,
  dateScanHandler,
  registerWebhookRoutes,
  scheduleHandler,
} from './features/workflows/index.js';
import {
  AGENT_TASK_EXPIRE_JOB,
  Gateway,
  attachAgentWebSockets,
  expireHandler,
  registerAgentProtocolRoutes,
  registerAgentRoutes,
} from './features/agents/index.js';
import { VERSION } from './version.js';

export interface Steward {
  config: Config;
  app: FastifyInstance;
  store: Store;
  bus: Bus;
  queue: JobQueue;
  worker: Worker;
  metrics: Metrics;
  clock: Clock;
  /** Credentials encrypted at rest: envelope encryption under the master key. */
  vault: Vault;
  /** Agents connected to this process. */
  gateway: Gateway;
  /** What connector instances, syncs and actions run with. */
  connectors: ConnectorDeps;
  /** Listen on the configured host and port; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface ServerOptions {
  clock?: Clock;
  /** Extra job handlers (tests, later features). */
  jobHandlers?: Record<string, JobHandler>;
  logger?: boolean;
  /** Where logs go (default stdout); tests capture them here. */
  logStream?: NodeJS.WritableStream;
  /** The connectors to offer (default: the built-in catalog). */
  connectors?: readonly AnyConnector[];
}

const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function createSteward(config: Config, options: ServerOptions = {}): Promise<Steward> {
  const clock = options.clock ?? systemClock;
  const metrics = createMetrics();
  const app = await createHttp({
    logger: options.logger === false ? false : { level: config.logLevel },
    ...(options.logStream ? { logStream: options.logStream } : {}),
    metrics,
    version: VERSION,
  });
  const store = await openMigratedStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleError: (e) => app.log.warn({ err: e }, 'idle database connection failed'),
  });
  let vault: Vault;
  try {
    // Fails fast when the master key is not the one the stored credentials are wrapped under.
    vault = await openVault({
      store,
      config,
      clock,
      onKeyFileCreated: (file, advice) => app.log.warn({ file }, advice),
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  let bus: Bus;
  try {
    const onHandlerError = (e: unknown, subject: string) =>
      app.log.error({ err: e, subject }, 'bus handler failed');
    bus = config.natsUrl
      ? await createNatsBus(config.natsUrl, { onHandlerError })
      : createMemoryBus(onHandlerError);
  } catch (e) {
    await store.close();
    throw e;
  }
  const queue = new JobQueue(store, clock);
  const handlers: Record<string, JobHandler> = { ...options.jobHandlers };
  const worker = new Worker({
    queue,
    queueName: 'default',
    concurrency: config.jobs.workers,
    leaseMs: config.jobs.leaseSeconds * 1000,
    pollMs: config.jobs.pollMs,
    // Features add their handlers below; the worker looks a handler up when it runs a job.
    handlers,
    onOutcome: (job, outcome, error) => {
      metrics.jobOutcomes.inc({ type: job.type, outcome });
      if (error) app.log.warn({ jobId: job.id, type: job.type, outcome, err: error }, 'job attempt failed');
    },
    onError: (e) => app.log.error({ err: e }, 'job worker error'),
  });

  const deps = { db: store.db, clock };
  installAuthentication(app, deps);
  registerHealthRoutes(app, { store, bus, version: VERSION });
  registerAuthRoutes(app, {
    ...deps,
    sessionTtlMs: config.sessionTtlHours * 3_600_000,
    loginLimits: { maxFailures: config.loginMaxFailures, windowMs: config.loginWindowMinutes * 60_000 },
    secureCookies: config.secureCookies,
  });
  registerTenantRoutes(app, store.db);
  registerUserRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerAuditRoutes(app, store.db);
  // Links Steward hands out (acknowledgements, say) use STEWARD_PUBLIC_URL, else the address it listens on.
  let listeningUrl = `http://${config.host}:${config.port}`;
  const publicUrl = () => (config.publicUrl ?? listeningUrl).replace(/\/$/, '');
  registerCustomFieldRoutes(app, deps);
  registerLocationRoutes(app, deps);
  // Edits, imports and orders reach the ingestion pipeline through this, inside their own transaction.
  const observe = observeKnownEntities({ ...deps, bus, dialect: store.dialect });
  registerPeopleRoutes(app, { ...deps, bus, observe });
  registerAssetRoutes(app, { ...deps, bus, publicUrl, observe });
  registerAssetCsvRoutes(app, { ...deps, bus, observe });
  registerAcknowledgementRoutes(app, { ...deps, bus, observe });
  registerAttachmentRoutes(app, { ...deps, dataDir: config.dataDir });
  registerPurchasingRoutes(app, { ...deps, bus, dialect: store.dialect, observe });
  registerViewRoutes(app, deps);
  registerIngestionRoutes(app, { ...deps, bus, dialect: store.dialect, queue });
  handlers[RERECONCILE_JOB] = rereconcileHandler({ ...deps, bus, dialect: store.dialect, queue });
  const connectors: ConnectorDeps = {
    ...deps,
    bus,
    dialect: store.dialect,
    queue,
    vault,
    catalog: new ConnectorCatalog(options.connectors ?? BUILT_IN_CONNECTORS),
    log: app.log,
    wake: () => worker.wake(),
  };
  registerConnectorRoutes(app, connectors);
  registerHttpActionRoutes(app, connectors);
  const workflows: WorkflowDeps = {
    ...connectors,
    observe,
    publicUrl,
    approvalLinks: new LinkSigner(store.db, 'workflow-approval'),
  };
  registerWorkflowRoutes(app, workflows);
  registerWebhookRoutes(app, workflows);
  handlers[SCHEDULE_JOB] = scheduleHandler(workflows);
  handlers[DATE_SCAN_JOB] = dateScanHandler(workflows);
  handlers[STEP_JOB] = stepHandler(workflows);
  handlers[COMPENSATE_JOB] = compensateHandler(workflows);
  await wakeOnAgentTasks(workflows);
  handlers[TRIGGER_SCAN_JOB] = triggerScanHandler(connectors);
  // Closed with the bus.
  await nudgeTriggerScans(connectors);
  handlers[SYNC_JOB] = syncHandler(connectors);
  handlers[SCHEDULED_SYNC_JOB] = scheduledSyncHandler(connectors);
  const attestation = { ...deps, bus, queue, publicUrl, signer: new LinkSigner(store.db, 'attestation') };
  registerAttestationRoutes(app, attestation);
  handlers[REMIND_JOB] = reminderHandler(attestation);
  handlers[DEMO_SEED_JOB] = demoSeedHandler({ ...deps, bus, publicUrl, dialect: store.dialect, observe });
  const gateway = new Gateway({
    ...deps,
    bus,
    dialect: store.dialect,
    queue,
    log: app.log,
    ...config.agents,
  });
  const agentDeps = { ...deps, bus, queue, heartbeatSeconds: config.agents.heartbeatSeconds };
  registerAgentRoutes(app, agentDeps);
  registerAgentProtocolRoutes(app, agentDeps, gateway);
  const detachWebSockets = attachAgentWebSockets(app, gateway);
  handlers[AGENT_TASK_EXPIRE_JOB] = expireHandler(agentDeps);
  await gateway.start();
  await serveWeb(app, config.webDir ?? DEFAULT_WEB_DIR);
  await app.ready();

  let closed = false;
  return {
    config,
    app,
    store,
    bus,
    queue,
    worker,
    metrics,
    clock,
    vault,
    connectors,
    gateway,
    async listen() {
      const address = await app.listen({ host: config.host, port: config.port });
      worker.start();
      const u = new URL(address);
      if (u.hostname === '0.0.0.0' || u.hostname === '[::]') u.hostname = 'localhost';
      listeningUrl = u.origin;
      return u.origin;
    },
    async close() {
      if (closed) return;
      closed = true;
      await worker.stop(5_000);
      await gateway.stop();
      await detachWebSockets();
      await app.close();
      await bus.close();
      await store.close();
    },
  };
}
