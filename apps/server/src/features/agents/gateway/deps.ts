import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../../../platform/jobs/index.js';
import type { IngestDeps } from '../../ingestion/index.js';

export interface GatewaySettings {
  /** Connections (WebSockets and polling agents) this process holds before answering 503. */
  maxConnections: number;
  /** How often agents send a heartbeat; three missed and the connection is dropped. */
  heartbeatSeconds: number;
  /** What a refused agent is told to wait before trying again. */
  retryAfterSeconds: number;
}

export interface GatewayDeps extends IngestDeps, GatewaySettings {
  queue: Pick<JobQueue, 'enqueue'>;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
}
