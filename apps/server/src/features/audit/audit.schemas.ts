import { z } from 'zod';
import { ACTOR_TYPES } from '@steward/domain';

export const auditEventSchema = z
  .object({
    id: z.string(),
    at: z.string().describe('When it happened (ISO-8601 UTC)'),
    actor: z.object({ type: z.enum(ACTOR_TYPES), id: z.string(), name: z.string() }),
    action: z.string().describe('What happened, e.g. token.created'),
    target: z.object({ type: z.string(), id: z.string().nullable() }),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
    requestId: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof auditEventSchema>;

const isoDate = z.iso.datetime({ offset: true });

export const auditQuerySchema = z.strictObject({
  action: z.string().min(1).max(100).optional(),
  actorType: z.enum(ACTOR_TYPES).optional(),
  actorId: z.string().min(1).max(100).optional(),
  targetType: z.string().min(1).max(100).optional(),
  targetId: z.string().min(1).max(100).optional(),
  since: isoDate.optional().describe('Only events at or after this time'),
  until: isoDate.optional().describe('Only events before this time'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(200).optional().describe('nextCursor from the previous page'),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditPageSchema = z.object({
  items: z.array(auditEventSchema),
  nextCursor: z.string().nullable(),
});
