import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { iso, type AttachmentsTable, type Clock, type DB } from '../../platform/db/index.js';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { newId } from '../../platform/ids/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';

export const ATTACHMENT_KINDS = [
  'invoice',
  'certificate_of_destruction',
  'photo',
  'contract',
  'other',
] as const;
export const ALLOWED_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'text/csv',
] as const;
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export const attachmentSchema = z
  .object({
    id: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    kind: z.enum(ATTACHMENT_KINDS),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof attachmentSchema>;

export interface AttachmentDeps {
  db: Kysely<DB>;
  clock: Clock;
  dataDir: string;
}

function toAttachment(r: Selectable<AttachmentsTable>): Attachment {
  return {
    id: r.id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    kind: r.kind as Attachment['kind'],
    filename: r.filename,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

function fileOf(deps: AttachmentDeps, storageKey: string): string {
  return path.join(deps.dataDir, 'attachments', storageKey);
}

async function requireAssetExists(db: Kysely<DB>, tenantId: string, assetId: string) {
  const a = await db
    .selectFrom('assets')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', assetId)
    .executeTakeFirst();
  if (!a) throw errors.notFound('Asset');
}

/** Stores the file under the data directory first, then records it; a failed record removes the file. */
export async function addAttachment(
  deps: AttachmentDeps,
  ctx: RequestContext,
  assetId: string,
  input: { kind: Attachment['kind']; filename: string; contentType: string; body: Buffer },
): Promise<Attachment> {
  const { tenantId, actor } = authorize(ctx.principal, 'operator');
  await requireAssetExists(deps.db, tenantId, assetId);
  if (input.body.length === 0)
    throw errors.validation('The file is empty.', [{ path: 'body', reason: 'empty' }]);
  const id = newId();
  const storageKey = `${tenantId}/${id}`;
  const file = fileOf(deps, storageKey);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, input.body, { mode: 0o600 });
  const row = {
    id,
    tenant_id: tenantId,
    entity_type: 'asset',
    entity_id: assetId,
    kind: input.kind,
    filename: input.filename,
    content_type: input.contentType,
    size_bytes: input.body.length,
    sha256: createHash('sha256').update(input.body).digest('hex'),
    storage_key: storageKey,
    created_by: `${actor.type}:${actor.id}`,
    created_at: iso(deps.clock.now()),
  };
  try {
    await deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('attachments').values(row).execute();
      await recordAudit(
        trx,
        auditFrom(ctx, {
          action: 'asset.attachment_added',
          target: { type: 'asset', id: assetId },
          after: { attachmentId: id, kind: input.kind, filename: input.filename },
        }),
        deps.clock,
      );
    });
  } catch (e) {
    await rm(file, { force: true });
    throw e;
  }
  return toAttachment(row);
}

export async function listAttachments(
  deps: AttachmentDeps,
  ctx: RequestContext,
  assetId: string,
): Promise<Attachment[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  await requireAssetExists(deps.db, tenantId, assetId);
  const rows = await deps.db
    .selectFrom('attachments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('entity_id', '=', assetId)
    .orderBy('id')
    .execute();
  return rows.map(toAttachment);
}

export async function readAttachment(deps: AttachmentDeps, ctx: RequestContext, id: string) {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const row = await deps.db
    .selectFrom('attachments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound('Attachment');
  return { attachment: toAttachment(row), content: await readFile(fileOf(deps, row.storage_key)) };
}

const uploadQuery = z.strictObject({
  kind: z.enum(ATTACHMENT_KINDS),
  filename: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^/\\\0]+$/, 'a plain file name, without folders'),
});

export function registerAttachmentRoutes(app: FastifyInstance, deps: AttachmentDeps): void {
  const tags = ['Attachments'];
  void app.register(async (scope) => {
    // Uploads are the raw file as the request body (like an object-store PUT), only in this scope.
    scope.addContentTypeParser(
      [...ALLOWED_TYPES],
      { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
      (_req, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/v1/assets/:id/attachments',
      {
        bodyLimit: MAX_ATTACHMENT_BYTES,
        schema: {
          tags,
          summary: 'Attach a file (invoice, certificate of destruction, …)',
          description: `Send the file itself as the body with its Content-Type (${ALLOWED_TYPES.join(', ')}), at most 20 MB.`,
          params: z.strictObject({ id: z.string().min(1).max(64) }),
          querystring: uploadQuery,
          response: { 201: attachmentSchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
        const created = await addAttachment(deps, contextOf(req), req.params.id, {
          kind: req.query.kind,
          filename: req.query.filename,
          contentType,
          body: req.body as Buffer,
        });
        return reply.code(201).send(created);
      },
    );
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/assets/:id/attachments',
    {
      schema: {
        tags,
        summary: "An asset's attachments",
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        response: { 200: z.object({ items: z.array(attachmentSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listAttachments(deps, contextOf(req), req.params.id) }),
  );
  r.get(
    '/api/v1/attachments/:id/content',
    {
      schema: {
        tags,
        summary: 'Download an attachment',
        params: z.strictObject({ id: z.string().min(1).max(64) }),
      },
    },
    async (req, reply) => {
      const { attachment, content } = await readAttachment(deps, contextOf(req), req.params.id);
      return reply
        .header('content-type', attachment.contentType)
        .header('content-disposition', `attachment; filename="${attachment.filename.replace(/"/g, '')}"`)
        .header('x-content-type-options', 'nosniff')
        .send(content);
    },
  );
}
