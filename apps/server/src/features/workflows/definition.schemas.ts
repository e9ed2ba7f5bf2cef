// A workflow definition: one trigger and a graph of steps. Expressions are JSONata (marked `expr`),
// text with {{ }} holes is a template (marked `template`); both are compiled when a definition is saved.
import { taskTypeSchema } from '@steward/protocol';
import { z } from 'zod';
import { DISPOSAL_METHODS, LIFECYCLE_STATES } from '@steward/domain';
import { inputFieldSchema, httpActionDefinitionSchema } from '../connectors/index.js';

const stepId = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'letters, digits, - and _, starting with a letter (at most 64)');
/** Where flow goes next; null (or absent) ends this branch. */
const next = stepId.nullable().default(null);
const expr = z.string().min(1).max(20_000);
const template = z.string().min(1).max(20_000);
const exprs = z.record(z.string().min(1).max(100), expr).default({});
/** An ISO-8601 duration limited to days, hours, minutes and seconds: P30D, PT4H, P1DT12H. */
export const durationSchema = z
  .string()
  .regex(/^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/, 'an ISO-8601 duration such as P30D or PT4H')
  .refine((d) => /\d/.test(d), 'an ISO-8601 duration such as P30D or PT4H');

const retrySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(20).default(5),
  backoffSeconds: z.number().int().min(1).max(3600).default(30),
});

const base = {
  id: stepId,
  name: z.string().max(200).optional(),
  retry: retrySchema.optional(),
  compensate: stepId
    .optional()
    .describe('A step that undoes this one: run, newest first, for every step done when the run fails later'),
};

/** Steps that finish at once, so they can undo another while a failed run is wound back. */
export const COMPENSATING_STEPS = [
  'set_variable',
  'update_entity',
  'transition',
  'connector_action',
  'preset',
  'http',
  'notify_email',
  'notify_slack',
  'create_ticket',
] as const;

const assigneeSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('person'),
    person: expr.describe('An expression giving a person id or email'),
  }),
  z.strictObject({ type: z.literal('role'), role: z.enum(['operator', 'admin']) }),
  z.strictObject({
    type: z.literal('manager'),
    of: expr.optional().describe('Whose manager; default the subject’s'),
  }),
]);

export type Assignee = z.infer<typeof assigneeSchema>;

export const stepSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('condition'), if: expr, then: next, else: next }),
  z.strictObject({ ...base, type: z.literal('set_variable'), variable: stepId, value: expr, next }),
  z.strictObject({
    ...base,
    type: z.literal('update_entity'),
    entity: expr.optional().describe('Default: the subject of the run'),
    attributes: z.record(z.string().min(1).max(100), expr),
    next,
  }),
  z.strictObject({
    ...base,
    type: z.literal('transition'),
    entity: expr.optional(),
    to: z.enum(LIFECYCLE_STATES),
    reason: template.optional().describe('Recorded with the transition; default names the workflow run'),
    disposalMethod: z.enum(DISPOSAL_METHODS).optional().describe('Required when moving to disposed'),
    next,
  }),
  z.strictObject({
    ...base,
    type: z.literal('connector_action'),
    instance: template.describe('Connector instance id or name'),
    action: z.string().min(1).max(100),
    input: exprs,
    entity: expr.optional().describe('The entity acted on (fills the action’s target field)'),
    whenNotInSource: z
      .enum(['fail', 'skip'])
      .default('fail')
      .describe('When the instance has no record of `entity`: fail the step, or skip it and go on'),
    next,
  }),
  z.strictObject({
    ...base,
    type: z.literal('preset'),
    preset: z.string().min(1).max(120),
    instance: template,
    input: exprs,
    entity: expr.optional(),
    next,
  }),
  z.strictObject({
    ...base,
    type: z.literal('http'),
    instance: template,
    definition: httpActionDefinitionSchema,
    input: exprs,
    entity: expr.optional(),
    next,
  }),
  z.strictObject({
    ...base,
    type: z.literal('agent_task'),
    device: expr,
    task: taskTypeSchema,
    parameters: exprs,
    timeout: durationSchema.default('PT1H'),
    next,
  }),
  z.strictObject({
    ...base,
    type: z.literal('notify_email'),
    instance: template.optional().describe('SMTP connector instance; default the tenant’s only one'),
    to: expr.describe('An expression giving an address or a list of addresses'),
    subject: template,
    body: template,
    next,
  }),
  z.strictObject({ ...base, type: z.literal('notify_slack'), instance: template, text: template, next }),
  z.strictObject({
    ...base,
    type: z.literal('approval'),
    title: template,
    levels: z
      .array(z.strictObject({ assignee: assigneeSchema, timeout: durationSchema.default('P3D') }))
      .min(1)
      .max(5),
    onTimeout: z
      .enum(['reject', 'escalate'])
      .default('reject')
      .describe('When a level times out: reject, or pass that level to `escalateTo` (default: admins)'),
    escalateTo: assigneeSchema.optional(),
    notify: z
      .strictObject({ instance: template.describe('SMTP connector instance id or name') })
      .optional()
      .describe('E-mail each assignee the request with signed approve and reject links'),
    approved: next,
    rejected: next,
  }),
  z.strictObject({
    ...base,
    type: z.literal('create_ticket'),
    instance: template,
    shortDescription: template,
    description: template.optional(),
    urgency: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    next,
  }),
  z.strictObject({
    ...base,
    type: z.literal('wait'),
    for: durationSchema.optional(),
    until: expr.optional().describe('An expression giving a date-time'),
    condition: expr.optional().describe('Re-evaluated every `checkEvery` until true'),
    checkEvery: durationSchema.default('PT1H'),
    timeout: durationSchema.optional(),
    next,
  }),
  z.strictObject({
    ...base,
    type: z.literal('for_each'),
    items: expr.describe('An expression giving the list (e.g. the subject’s assigned devices)'),
    as: stepId.default('item'),
    body: stepId,
    concurrency: z.number().int().min(1).max(100).default(5),
    next,
  }),
  z.strictObject({ ...base, type: z.literal('parallel'), branches: z.array(stepId).min(2).max(10), next }),
  z.strictObject({
    ...base,
    type: z.literal('call_workflow'),
    workflow: z.string().min(1).max(64),
    input: exprs,
    wait: z.boolean().default(true),
    next,
  }),
]);
export type Step = z.infer<typeof stepSchema>;
export type StepType = Step['type'];

const kind = z.enum(['asset', 'person']);

export const triggerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('entity_created'),
    kind,
    filter: expr.optional().describe('Over `after`'),
  }),
  z.strictObject({
    type: z.literal('entity_changed'),
    kind,
    filter: expr.optional().describe('Over `before`, `after` and `diff`'),
  }),
  z.strictObject({
    type: z.literal('date_approaching'),
    kind,
    attribute: z.string().min(1).max(100),
    daysBefore: z.number().int().min(0).max(3650),
    filter: expr.optional(),
  }),
  z.strictObject({
    type: z.literal('schedule'),
    cron: z.string().min(1).max(100),
    timeZone: z.string().min(1).max(64).default('UTC'),
  }),
  z.strictObject({ type: z.literal('webhook') }),
  z.strictObject({ type: z.literal('manual'), inputs: z.array(inputFieldSchema).max(30).default([]) }),
]);
export type Trigger = z.infer<typeof triggerSchema>;

export const workflowDefinitionSchema = z.strictObject({
  name: z.string().trim().min(3).max(200),
  description: z.string().max(2000).default(''),
  trigger: triggerSchema,
  start: stepId,
  steps: z.array(stepSchema).min(1).max(200),
  /** Runs of this workflow at once; more wait in the queue. */
  concurrency: z.number().int().min(1).max(1000).default(10),
});
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;
