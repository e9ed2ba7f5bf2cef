import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  jobOutcomes: Counter<'type' | 'outcome'>;
}

/** One registry per server instance (tests run several in a process). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'steward_' });
  const jobOutcomes = new Counter({
    name: 'steward_jobs_total',
    help: 'Job attempts by type and outcome',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });
  return { registry, jobOutcomes };
}

export function instrumentHttp(app: FastifyInstance, metrics: Metrics): void {
  const requests = new Histogram({
    name: 'steward_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    requests.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
