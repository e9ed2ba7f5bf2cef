// Webhook triggers: each workflow with one has its own signing secret, sealed by the vault and shown only
// when it is made or rotated. A delivery is signed
// `sha256=<hex HMAC-SHA256(secret, "<delivery id>.<timestamp>.<body>")>` (the Standard Webhooks order) with a
// timestamp within five minutes, and its delivery id becomes the run's trigger key (unique per workflow), so
// a replayed delivery never starts a second run, nor one re-sent under a new id.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { errors, isStewardError, StewardError } from '@steward/domain';
import { authorize, systemContext, type RequestContext } from '../../platform/auth/index.js';
import { inTransaction, iso, type DB } from '../../platform/db/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import type { ConnectorDeps } from '../connectors/index.js';
import { currentWorkflow } from './engine/trigger.schedule.js';
import { startWorkflowRun } from './runs.service.js';
import { workflowSchema } from './workflows.schemas.js';

/** How far a delivery's timestamp may be from our clock. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

export const webhookSecretSchema = z
  .object({
    url: z.string().describe('Where the sender posts deliveries'),
    secret: z.string().describe('The signing secret; shown only now'),
  })
  .meta({ id: 'WorkflowWebhookSecret' });
export type WebhookSecret = z.infer<typeof webhookSecretSchema>;

/** A workflow as saved; `webhook` only on the save that made its secret. */
export const savedWorkflowSchema = workflowSchema
  .extend({
    webhook: webhookSecretSchema
      .optional()
      .describe('Only when this save made the webhook secret: store it now, it is not shown again'),
  })
  .meta({ id: 'SavedWorkflow' });

export type WebhookDeps = Pick<ConnectorDeps, 'db' | 'clock' | 'vault'> & { publicUrl?: () => string };
type Db = Kysely<DB> | Transaction<DB>;

const vaultContext = (workflowId: string) => `workflow:${workflowId}:webhook`;
export const webhookPath = (workflowId: string) => `/api/v1/hooks/workflows/${workflowId}`;

/** A new secret for the workflow, sealed; store it with `storeWebhookSecret` in the save's transaction. */
export async function newWebhookSecret(
  deps: WebhookDeps,
  tenantId: string,
  workflowId: string,
): Promise<{ shown: WebhookSecret; sealed: string }> {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  return {
    shown: { url: `${deps.publicUrl?.() ?? ''}${webhookPath(workflowId)}`, secret },
    sealed: await deps.vault.encrypt(tenantId, secret, vaultContext(workflowId)),
  };
}

export async function storeWebhookSecret(
  db: Db,
  tenantId: string,
  workflowId: string,
  sealed: string,
  now: string,
): Promise<void> {
  const updated = await db
    .updateTable('workflow_webhooks')
    .set({ secret: sealed, rotated_at: now })
    .where('workflow_id', '=', workflowId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    await db
      .insertInto('workflow_webhooks')
      .values({
        workflow_id: workflowId,
        tenant_id: tenantId,
        secret: sealed,
        created_at: now,
        rotated_at: null,
      })
      .execute();
}

/** A workflow whose trigger is no longer a webhook keeps no secret. */
export async function dropWebhookSecret(db: Db, workflowId: string): Promise<void> {
  await db.deleteFrom('workflow_webhooks').where('workflow_id', '=', workflowId).execute();
}

/** A new secret for a webhook-triggered workflow; the old one stops working at once. Needs admin. */
export async function rotateWebhookSecret(
  deps: WebhookDeps,
  ctx: RequestContext,
  workflowId: string,
): Promise<WebhookSecret> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  const workflow = await currentWorkflow(deps.db, tenantId, workflowId);
  if (!workflow) throw errors.notFound(`Workflow ${workflowId}`);
  if (workflow.definition.trigger.type !== 'webhook')
    throw errors.conflict('This workflow is not triggered by a webhook.', [
      { path: 'definition.trigger.type', reason: `is ${workflow.definition.trigger.type}` },
    ]);
  const { shown, sealed } = await newWebhookSecret(deps, tenantId, workflowId);
  const now = iso(deps.clock.now());
  await inTransaction(deps.db, async (trx) => {
    await storeWebhookSecret(trx, tenantId, workflowId, sealed, now);
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'workflow.webhook_rotated', target: { type: 'workflow', id: workflowId } }),
      deps.clock,
    );
  });
  return shown;
}

export interface Delivery {
  timestamp: string | undefined;
  deliveryId: string | undefined;
  signature: string | undefined;
  body: Buffer;
}

const unsigned = (code: string, reason: string, header: string) =>
  new StewardError(code, 401, `The delivery was refused: ${header} is ${reason}.`, [
    { path: `headers.${header}`, reason },
  ]);

function verify(secret: string, d: Delivery, now: Date): void {
  if (!d.timestamp || !/^\d{1,12}$/.test(d.timestamp))
    throw unsigned('invalid_signature', 'missing or not unix seconds', 'x-steward-timestamp');
  if (Math.abs(now.getTime() / 1000 - Number(d.timestamp)) > WEBHOOK_TOLERANCE_SECONDS)
    throw unsigned(
      'stale_timestamp',
      `more than ${WEBHOOK_TOLERANCE_SECONDS / 60} minutes from the server's time`,
      'x-steward-timestamp',
    );
  const sent = /^sha256=([0-9a-fA-F]{64})$/.exec(d.signature ?? '');
  if (!sent) throw unsigned('invalid_signature', 'missing or not sha256=<hex>', 'x-steward-signature');
  const expected = createHmac('sha256', secret)
    .update(`${d.deliveryId ?? ''}.${d.timestamp}.`)
    .update(d.body)
    .digest();
  if (!timingSafeEqual(expected, Buffer.from(sent[1]!, 'hex')))
    throw unsigned('invalid_signature', 'not the body’s signature', 'x-steward-signature');
}

function parseObject(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw errors.badRequest('invalid_json', 'The delivery body is not valid JSON.', [
      { path: 'body', reason: 'not JSON' },
    ]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw errors.validation('The delivery body must be a JSON object.', [
      { path: 'body', reason: 'must be a JSON object' },
    ]);
  return parsed as Record<string, unknown>;
}

const replayed = (deliveryId: string) =>
  new StewardError('replayed', 409, `Delivery ${deliveryId} was already received; nothing was run.`, [
    { path: 'headers.x-steward-delivery', reason: 'already received' },
  ]);

/**
 * An inbound delivery: no user signs in, the workflow names the tenant. Unknown, disabled and
 * non-webhook workflows get the same 404, so a sender learns nothing about which exist.
 */
export async function receiveWebhook(
  deps: ConnectorDeps,
  workflowId: string,
  delivery: Delivery,
): Promise<{ runId: string }> {
  const row = await deps.db
    .selectFrom('workflows')
    .innerJoin('workflow_webhooks', 'workflow_webhooks.workflow_id', 'workflows.id')
    .select(['workflows.tenant_id', 'workflow_webhooks.secret'])
    .where('workflows.id', '=', workflowId)
    .where('workflows.enabled', '=', 1)
    .where('workflows.trigger_type', '=', 'webhook')
    .executeTakeFirst();
  if (!row) throw errors.notFound(`Workflow ${workflowId}`);
  const secret = await deps.vault.decrypt(row.tenant_id, row.secret, vaultContext(workflowId));
  // The id is signed with the body, so a captured delivery cannot be re-sent under a fresh id.
  const deliveryId = delivery.deliveryId ?? '';
  if (!/^[\x21-\x7e]{1,128}$/.test(deliveryId))
    throw errors.validation('The delivery needs an id.', [
      { path: 'headers.x-steward-delivery', reason: 'required: 1 to 128 printable characters' },
    ]);
  verify(secret, { ...delivery, deliveryId }, deps.clock.now());
  const input = parseObject(delivery.body);
  const triggerKey = `webhook:${deliveryId}`;
  const seen = await deps.db
    .selectFrom('workflow_runs')
    .select('id')
    .where('workflow_id', '=', workflowId)
    .where('trigger_key', '=', triggerKey)
    .executeTakeFirst();
  if (seen) throw replayed(deliveryId);
  try {
    const run = await startWorkflowRun(
      deps,
      systemContext(row.tenant_id, 'workflow webhook'),
      workflowId,
      { input },
      { trigger: { type: 'webhook', deliveryId, timestamp: delivery.timestamp }, triggerKey },
    );
    return { runId: run.id };
  } catch (e) {
    // Two copies of one delivery at once: the run's unique trigger key lets one through.
    if (isStewardError(e) && e.status === 409 && e.details.some((d) => d.path === 'triggerKey'))
      throw replayed(deliveryId);
    throw e;
  }
}
