import { z } from 'zod';

export const APPROVAL_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'escalated',
  'cancelled',
] as const;

export const approvalSchema = z
  .object({
    id: z.string(),
    runId: z.string(),
    workflowId: z.string(),
    workflowName: z.string(),
    stepPath: z.string(),
    title: z.string(),
    level: z.number().describe('0 for the first level of a multi-level approval'),
    levels: z.number(),
    escalated: z.boolean().describe('This request is a level passed on after its first assignee timed out'),
    assignee: z.object({
      type: z.enum(['person', 'role']),
      personId: z.string().optional(),
      role: z.string().optional(),
      name: z.string().optional(),
      via: z.string().optional().describe('person, or manager when the assignee is someone’s manager'),
      fallback: z.string().optional().describe('Why the request went to a role instead of a manager'),
    }),
    status: z.enum(APPROVAL_STATUSES),
    dueAt: z.string(),
    decidedAt: z.string().nullable(),
    decidedBy: z.string().nullable(),
    comment: z.string().nullable(),
    subject: z.object({ kind: z.enum(['asset', 'person']), id: z.string(), name: z.string() }).nullable(),
    createdAt: z.string(),
    canDecide: z.boolean().describe('Whether the caller may approve or reject it'),
  })
  .meta({ id: 'Approval' });
export type ApprovalView = z.infer<typeof approvalSchema>;

export const approvalListQuery = z.strictObject({
  status: z.enum(['pending', 'decided', 'all']).default('pending'),
  mine: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Only requests the caller may decide'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const decisionSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().trim().max(2000).optional(),
});
export type DecisionInput = z.infer<typeof decisionSchema>;

export const linkDecisionSchema = z.strictObject({ comment: z.string().trim().max(2000).optional() });

/** What a signed link shows before its holder confirms: the request and the decision the link makes. */
export const approvalLinkSchema = z
  .object({
    title: z.string(),
    workflowName: z.string(),
    decision: z.enum(['approve', 'reject']),
    status: z.enum(APPROVAL_STATUSES),
    dueAt: z.string(),
    subject: approvalSchema.shape.subject,
  })
  .meta({ id: 'ApprovalLink' });
