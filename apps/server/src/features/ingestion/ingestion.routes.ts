import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { ITEM_STATUSES, ingestObservations, type IngestDeps } from './ingest.js';
import { ingestNdjson } from './observations.stream.js';
import { listReviewItems, reviewItemSchema, reviewListQuery } from './review.js';
import { resolveReviewItem, resolveReviewSchema } from './review.resolve.js';
import {
  getIngestionSettings,
  ingestionSettingsInput,
  ingestionSettingsSchema,
  putIngestionSettings,
} from './settings.js';
import { createSource, getSource, listSources, updateSource } from './sources.service.js';
import { createSourceSchema, sourceKeyParams, sourceSchema, updateSourceSchema } from './sources.schemas.js';
import { completeSync, countIntoRun, listSyncs, startSync, startSyncSchema, syncRunSchema } from './syncs.js';
import { getTwin, twinSchema } from './twin.view.js';
import { listMerges, mergeEntities, mergeInputSchema, mergeSchema, undoMerge } from './merge.js';

/** The most observations one JSON request may carry; NDJSON streams have no limit. */
export const MAX_BATCH = 10_000;
const MAX_JSON_BYTES = 64 * 1024 * 1024;
const NDJSON = ['application/x-ndjson', 'application/ndjson'];

const itemResultSchema = z.object({
  index: z.number().int(),
  status: z.enum(ITEM_STATUSES),
  entityId: z.string().nullable().optional(),
  errors: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
  warnings: z.array(z.object({ type: z.string(), raw: z.string(), reason: z.string() })).optional(),
});
const ingestResponse = z
  .object({
    counts: z.record(z.string(), z.number().int()),
    items: z.array(itemResultSchema),
    truncated: z.boolean().optional().describe('NDJSON only: more items than the answer lists'),
  })
  .meta({ id: 'IngestResult' });

const OBSERVATIONS_DESCRIPTION =
  'A batch of observations, each `{source, sourceKey, kind, observedAt, identifiers, attributes, deleted?}` in ' +
  'canonical attribute names (see the canonical model), from a registered source. Send a JSON array of at most ' +
  `${MAX_BATCH} items, or NDJSON (Content-Type application/x-ndjson, one observation per line, any length, applied ` +
  'in batches as it streams). Each item is validated on its own: an invalid one is rejected with its index and the ' +
  'reasons while the valid ones are applied. Item outcomes: created (a new entity), linked (joined an existing ' +
  'entity), updated, unchanged (same content as last time: nothing else happens), review (matched several ' +
  'entities: queued for an admin, never merged silently), missing (deleted in a delta), rejected. NDJSON answers ' +
  'list every outcome but unchanged, up to 10,000. With `syncId` the observations count towards that sync run. ' +
  'Needs operator.';

export function registerIngestionRoutes(
  app: FastifyInstance,
  deps: IngestDeps & { queue: Pick<JobQueue, 'enqueue'> },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Ingestion'];

  void app.register(async (scope) => {
    // NDJSON bodies reach the handler as the raw stream, read line by line.
    scope.addContentTypeParser(NDJSON, (_req, payload, done) => done(null, payload));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/observations',
      {
        bodyLimit: MAX_JSON_BYTES,
        attachValidation: true,
        schema: {
          tags,
          summary: 'Post observations',
          description: OBSERVATIONS_DESCRIPTION,
          consumes: ['application/json', ...NDJSON],
          querystring: z.strictObject({ syncId: z.string().min(1).max(64).optional() }),
          body: z.array(z.unknown()).max(MAX_BATCH).describe('Observations (or NDJSON lines)'),
          response: { 200: ingestResponse, ...errorResponses },
        },
      },
      async (req) => {
        const ctx = contextOf(req);
        const options = { syncId: req.query.syncId };
        const isNdjson = NDJSON.some((t) => req.headers['content-type']?.startsWith(t));
        if (!isNdjson && req.validationError) throw req.validationError;
        const result = isNdjson
          ? await ingestNdjson(deps, ctx, req.body as unknown as Readable, options)
          : await ingestObservations(deps, ctx, req.body, options);
        if (options.syncId) await countIntoRun(deps, ctx.principal.tenantId, options.syncId, result.counts);
        return result;
      },
    );
  });

  r.get(
    '/api/v1/sources',
    {
      schema: {
        tags,
        summary: 'List sources',
        response: { 200: z.object({ items: z.array(sourceSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listSources(deps, contextOf(req)) }),
  );
  r.post(
    '/api/v1/sources',
    {
      schema: {
        tags,
        summary: 'Register a source (admin)',
        description:
          'A system observations come from. Its type sets the default precedence and staleness: mdm, edr, directory, hr, purchasing, agent, manual, import, api.',
        body: createSourceSchema,
        response: { 201: sourceSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createSource(deps, contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/sources/:key',
    {
      schema: {
        tags,
        summary: 'Get a source',
        params: sourceKeyParams,
        response: { 200: sourceSchema, ...errorResponses },
      },
    },
    async (req) => getSource(deps, contextOf(req), req.params.key),
  );
  r.patch(
    '/api/v1/sources/:key',
    {
      schema: {
        tags,
        summary: 'Change a source’s name, staleness or missing grace (admin)',
        params: sourceKeyParams,
        body: updateSourceSchema,
        response: { 200: sourceSchema, ...errorResponses },
      },
    },
    async (req) => updateSource(deps, contextOf(req), req.params.key, req.body),
  );
  r.post(
    '/api/v1/sources/:key/syncs',
    {
      schema: {
        tags,
        summary: 'Start a sync run',
        description:
          'A full run means: what the source does not report before the run completes is gone (marked missing after the source’s grace). A delta run reports only changes; deletions come as observations with deleted: true.',
        params: sourceKeyParams,
        body: startSyncSchema,
        response: { 201: syncRunSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await startSync(deps, contextOf(req), req.params.key, req.body.mode)),
  );
  r.get(
    '/api/v1/sources/:key/syncs',
    {
      schema: {
        tags,
        summary: 'Recent sync runs of a source',
        params: sourceKeyParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
        response: { 200: z.object({ items: z.array(syncRunSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listSyncs(deps, contextOf(req), req.params.key, req.query.limit) }),
  );
  r.post(
    '/api/v1/sources/:key/syncs/:id/complete',
    {
      schema: {
        tags,
        summary: 'Complete a sync run',
        params: sourceKeyParams.extend({ id: z.string().min(1).max(64) }),
        response: { 200: syncRunSchema, ...errorResponses },
      },
    },
    async (req) => completeSync(deps, contextOf(req), req.params.key, req.params.id),
  );
  r.get(
    '/api/v1/ingestion/settings',
    {
      schema: {
        tags,
        summary: 'Source precedence and identification settings',
        response: { 200: ingestionSettingsSchema, ...errorResponses },
      },
    },
    async (req) => getIngestionSettings(deps, contextOf(req)),
  );
  r.put(
    '/api/v1/ingestion/settings',
    {
      schema: {
        tags,
        summary: 'Set source precedence and identification (admin)',
        description:
          'precedence: per attribute group (identity, hardware, os, security, management, financial, assignment, lifecycle, person, custom) a list, highest first, of source types or `source:<key>`; a group left out uses the default. identification: weakKeys, macSharedLimit, extraJunkSerials, ignoredMacPrefixes.',
        body: ingestionSettingsInput,
        response: { 200: ingestionSettingsSchema, ...errorResponses },
      },
    },
    async (req) => putIngestionSettings(deps, contextOf(req), req.body),
  );
  r.get(
    '/api/v1/review-items',
    {
      schema: {
        tags,
        summary: 'The review queue',
        description: 'Observations that matched more than one entity, with the evidence, oldest first.',
        querystring: reviewListQuery,
        response: {
          200: z.object({ items: z.array(reviewItemSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req) => listReviewItems(deps.db, contextOf(req), req.query),
  );
  r.post(
    '/api/v1/review-items/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Decide a queued record (admin)',
        description:
          '`link` joins the record to one of its candidates; `keep_apart` makes it an entity of its own. The entity is reconciled at once and the decision audited.',
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        body: resolveReviewSchema,
        response: {
          200: z.object({ id: z.string(), status: z.string(), entityId: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (req) => resolveReviewItem(deps, contextOf(req), req.params.id, req.body),
  );
  for (const [base, entityType] of [
    ['/api/v1/assets', 'asset'],
    ['/api/v1/people', 'person'],
  ] as const) {
    r.get(
      `${base}/:id/twin`,
      {
        schema: {
          tags,
          summary: `Where each of the ${entityType}’s values came from`,
          description:
            'Per-attribute provenance, conflicts between sources, and the raw source records linked to it.',
          params: z.strictObject({ id: z.string().min(1).max(64) }),
          response: { 200: twinSchema, ...errorResponses },
        },
      },
      async (req) => getTwin(deps.db, contextOf(req), entityType, req.params.id),
    );
    r.post(
      `${base}/:id/merge`,
      {
        schema: {
          tags,
          summary: `Merge another ${entityType} into this one (admin)`,
          description:
            'The other one’s source records move here and it is removed; its values join this one by precedence. Refused (409) when the one merged away carries history of its own (assignments, attachments, a purchase order, legal hold): merge the other way round. Undo with POST /api/v1/merges/:id/undo.',
          params: z.strictObject({ id: z.string().min(1).max(64) }),
          body: mergeInputSchema,
          response: { 200: mergeSchema, ...errorResponses },
        },
      },
      async (req) => mergeEntities(deps, contextOf(req), entityType, req.params.id, req.body),
    );
    r.get(
      `${base}/:id/merges`,
      {
        schema: {
          tags,
          summary: `Merges into or out of the ${entityType}`,
          params: z.strictObject({ id: z.string().min(1).max(64) }),
          response: { 200: z.object({ items: z.array(mergeSchema) }), ...errorResponses },
        },
      },
      async (req) => ({ items: await listMerges(deps, contextOf(req), req.params.id) }),
    );
  }
  r.post(
    '/api/v1/merges/:id/undo',
    {
      schema: {
        tags,
        summary: 'Undo a merge (admin)',
        description:
          'The merged entity comes back as it was and takes back its records still on the survivor.',
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        response: { 200: mergeSchema, ...errorResponses },
      },
    },
    async (req) => undoMerge(deps, contextOf(req), req.params.id),
  );
}
