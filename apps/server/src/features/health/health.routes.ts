import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Bus } from '../../platform/bus/index.js';
import type { Store } from '../../platform/db/index.js';

export interface HealthDeps {
  store: Store;
  bus: Bus;
  version: string;
}

const checkSchema = z.object({ ok: z.boolean(), detail: z.string().optional() });

/** Liveness and readiness are public: load balancers and orchestrators call them without credentials. */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/healthz',
    {
      schema: {
        tags: ['Operations'],
        summary: 'Liveness',
        security: [],
        response: { 200: z.object({ status: z.literal('ok'), version: z.string() }) },
      },
    },
    async () => ({ status: 'ok' as const, version: deps.version }),
  );
  r.get(
    '/readyz',
    {
      schema: {
        tags: ['Operations'],
        summary: 'Readiness: the database and the bus answer',
        security: [],
        response: {
          200: z.object({
            status: z.enum(['ready', 'not_ready']),
            checks: z.record(z.string(), checkSchema),
          }),
          503: z.object({
            status: z.enum(['ready', 'not_ready']),
            checks: z.record(z.string(), checkSchema),
          }),
        },
      },
    },
    async (_req, reply) => {
      const checks: Record<string, { ok: boolean; detail?: string }> = {};
      try {
        await sql`select 1`.execute(deps.store.db);
        checks.database = { ok: true, detail: deps.store.dialect };
      } catch (e) {
        checks.database = { ok: false, detail: (e as Error).message };
      }
      try {
        await deps.bus.flush();
        checks.bus = { ok: true, detail: deps.bus.kind };
      } catch (e) {
        checks.bus = { ok: false, detail: (e as Error).message };
      }
      const ready = Object.values(checks).every((c) => c.ok);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  );
}
