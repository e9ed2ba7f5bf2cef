import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { errors, type ErrorDetail } from '@steward/domain';
import { authorize, type LinkSigner, type RequestContext } from '../../platform/auth/index.js';
import type { Bus } from '../../platform/bus/index.js';
import { iso, toJson, type Clock, type DB } from '../../platform/db/index.js';
import { newId } from '../../platform/ids/index.js';
import type { Job, JobQueue } from '../../platform/jobs/index.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { queryAssets, type AssetQuery } from '../assets/index.js';
import type {
  Campaign,
  CreateCampaignInput,
  campaignReportSchema,
  respondSchema,
} from './attestation.schemas.js';

export interface AttestationDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: Bus;
  queue: JobQueue;
  signer: LinkSigner;
  publicUrl: () => string;
}

export const REMIND_JOB = 'attestation.remind';
const DAY = 86_400_000;

async function link(deps: AttestationDeps, requestId: string): Promise<string> {
  return `${deps.publicUrl()}/attest/${await deps.signer.sign(requestId)}`;
}

async function summary(deps: AttestationDeps, tenantId: string, id: string): Promise<Campaign> {
  const c = await deps.db
    .selectFrom('attestation_campaigns')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!c) throw errors.notFound('Campaign');
  const people = await deps.db
    .selectFrom('attestation_requests')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('campaign_id', '=', id)
    .executeTakeFirstOrThrow();
  const assets = await deps.db
    .selectFrom('attestation_items as i')
    .innerJoin('attestation_requests as r', 'r.id', 'i.request_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('r.campaign_id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    id: c.id,
    name: c.name,
    status: c.status as Campaign['status'],
    dueAt: c.due_at,
    reminderEveryDays: Number(c.reminder_every_days),
    createdAt: c.created_at,
    closedAt: c.closed_at,
    people: Number(people.n),
    assets: Number(assets.n),
  };
}

/** Every asset currently assigned to a person (matching the filters), grouped by that person. */
async function holdings(
  deps: AttestationDeps,
  tenantId: string,
  filters: CreateCampaignInput['filters'],
): Promise<Map<string, string[]>> {
  const byPerson = new Map<string, string[]>();
  let cursor: string | undefined;
  do {
    const q: AssetQuery = {
      filters: [...filters, { field: 'assignedPersonId', op: 'exists', value: true }],
      sort: { field: 'id', direction: 'asc' },
      limit: 1000,
      count: false,
      fields: ['assignedPersonId'],
      ...(cursor ? { cursor } : {}),
    };
    const page = await queryAssets(deps.db, tenantId, q);
    for (const a of page.items) {
      const person = (a as Record<string, unknown>).assignedPersonId as string;
      byPerson.set(person, [...(byPerson.get(person) ?? []), a.id]);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return byPerson;
}

export async function createCampaign(
  deps: AttestationDeps,
  ctx: RequestContext,
  input: CreateCampaignInput,
): Promise<Campaign> {
  const { tenantId, actor } = authorize(ctx.principal, 'admin');
  const now = deps.clock.now();
  if (new Date(input.dueAt) <= now)
    throw errors.validation('The due date has passed.', [
      { path: 'body.dueAt', reason: 'must be in the future' },
    ]);
  const byPerson = await holdings(deps, tenantId, input.filters);
  if (byPerson.size === 0)
    throw errors.conflict('No assigned asset matches; there is nobody to ask.', [
      { path: 'body.filters', reason: 'matches no assigned asset' },
    ]);
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('attestation_campaigns')
      .values({
        id,
        tenant_id: tenantId,
        name: input.name,
        status: 'open',
        due_at: iso(new Date(input.dueAt)),
        reminder_every_days: input.reminderEveryDays,
        query: toJson({ filters: input.filters }),
        created_by: `${actor.type}:${actor.id}`,
        created_at: iso(now),
        closed_at: null,
      })
      .execute();
    for (const [personId, assetIds] of byPerson) {
      const requestId = newId();
      await trx
        .insertInto('attestation_requests')
        .values({
          id: requestId,
          tenant_id: tenantId,
          campaign_id: id,
          person_id: personId,
          responded_at: null,
          reminders_sent: 0,
          last_reminded_at: null,
        })
        .execute();
      await trx
        .insertInto('attestation_items')
        .values(
          assetIds.map((assetId) => ({
            request_id: requestId,
            asset_id: assetId,
            response: null,
            note: null,
          })),
        )
        .execute();
    }
    await deps.queue.enqueue(
      {
        type: REMIND_JOB,
        tenantId,
        payload: { campaignId: id },
        runAt: new Date(now.getTime() + input.reminderEveryDays * DAY),
        idempotencyKey: `${REMIND_JOB}:${id}:1`,
      },
      trx,
    );
    await recordAudit(
      trx,
      auditFrom(ctx, {
        action: 'attestation.campaign_started',
        target: { type: 'attestation_campaign', id },
        after: { name: input.name, people: byPerson.size },
      }),
      deps.clock,
    );
  });
  const campaign = await summary(deps, tenantId, id);
  for (const r of await deps.db
    .selectFrom('attestation_requests')
    .select(['id', 'person_id'])
    .where('campaign_id', '=', id)
    .execute()) {
    await deps.bus.publish(`tenant.${tenantId}.attestation.requested`, {
      campaignId: id,
      personId: r.person_id,
      link: await link(deps, r.id),
    });
  }
  return campaign;
}

export async function listCampaigns(deps: AttestationDeps, ctx: RequestContext): Promise<Campaign[]> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const rows = await deps.db
    .selectFrom('attestation_campaigns')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return Promise.all(rows.map((r) => summary(deps, tenantId, r.id)));
}

export async function campaignReport(
  deps: AttestationDeps,
  ctx: RequestContext,
  id: string,
): Promise<z.infer<typeof campaignReportSchema>> {
  const { tenantId } = authorize(ctx.principal, 'viewer');
  const campaign = await summary(deps, tenantId, id);
  const requests = await deps.db
    .selectFrom('attestation_requests as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(['r.id', 'r.person_id', 'r.responded_at', 'r.reminders_sent', 'p.name', 'p.email'])
    .where('r.campaign_id', '=', id)
    .orderBy('p.name')
    .execute();
  const items = await deps.db
    .selectFrom('attestation_items as i')
    .innerJoin('attestation_requests as r', 'r.id', 'i.request_id')
    .select(['i.request_id', 'i.asset_id', 'i.response', 'i.note', 'r.person_id'])
    .where('r.campaign_id', '=', id)
    .execute();
  const countFor = (requestId: string) => items.filter((i) => i.request_id === requestId).length;
  const pending = requests.filter((r) => r.responded_at === null);
  return {
    campaign,
    responded: requests.length - pending.length,
    pending: pending.length,
    confirmed: items.filter((i) => i.response === 'holds').length,
    disputed: items.filter((i) => i.response === 'not_held').length,
    notAnswered: await Promise.all(
      pending.map(async (r) => ({
        personId: r.person_id,
        name: r.name,
        email: r.email,
        assets: countFor(r.id),
        remindersSent: Number(r.reminders_sent),
        link: await link(deps, r.id),
      })),
    ),
    disputes: items
      .filter((i) => i.response === 'not_held')
      .map((i) => ({ personId: i.person_id, assetId: i.asset_id, note: i.note })),
  };
}

export async function closeCampaign(
  deps: AttestationDeps,
  ctx: RequestContext,
  id: string,
): Promise<Campaign> {
  const { tenantId } = authorize(ctx.principal, 'admin');
  await summary(deps, tenantId, id);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('attestation_campaigns')
      .set({ status: 'closed', closed_at: iso(deps.clock.now()) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .execute();
    await recordAudit(
      trx,
      auditFrom(ctx, { action: 'attestation.campaign_closed', target: { type: 'attestation_campaign', id } }),
      deps.clock,
    );
  });
  return summary(deps, tenantId, id);
}

async function openRequest(deps: AttestationDeps, token: string) {
  const requestId = await deps.signer.verify(token);
  const r = requestId
    ? await deps.db
        .selectFrom('attestation_requests')
        .selectAll()
        .where('id', '=', requestId)
        .executeTakeFirst()
    : undefined;
  if (!r) throw errors.notFound('Attestation');
  const c = await deps.db
    .selectFrom('attestation_campaigns')
    .selectAll()
    .where('id', '=', r.campaign_id)
    .executeTakeFirstOrThrow();
  return { r, c };
}

/** What the assignee's link shows (no login). */
export async function describeAttestation(deps: AttestationDeps, token: string) {
  const { r, c } = await openRequest(deps, token);
  const person = await deps.db
    .selectFrom('people')
    .select('name')
    .where('id', '=', r.person_id)
    .executeTakeFirstOrThrow();
  const assets = await deps.db
    .selectFrom('attestation_items as i')
    .innerJoin('assets as a', 'a.id', 'i.asset_id')
    .select(['a.id', 'a.name', 'a.model', 'a.serial_number', 'a.asset_tag'])
    .where('i.request_id', '=', r.id)
    .orderBy('a.name')
    .execute();
  return {
    campaign: { name: c.name, dueAt: c.due_at },
    person: { name: person.name },
    assets: assets.map((a) => ({
      id: a.id,
      name: a.name,
      model: a.model,
      serialNumber: a.serial_number,
      assetTag: a.asset_tag,
    })),
    respondedAt: r.responded_at,
  };
}

/** The assignee answers for every asset on their list, once. */
export async function respond(
  deps: AttestationDeps,
  token: string,
  input: z.infer<typeof respondSchema>,
  requestId: string,
): Promise<void> {
  const { r, c } = await openRequest(deps, token);
  if (c.status !== 'open') throw errors.conflict('This attestation campaign is closed.');
  if (r.responded_at) throw errors.conflict('You have already answered; thank you.');
  const items = await deps.db
    .selectFrom('attestation_items')
    .select('asset_id')
    .where('request_id', '=', r.id)
    .execute();
  const expected = new Set(items.map((i) => i.asset_id));
  const given = new Set(input.responses.map((x) => x.assetId));
  const problems: ErrorDetail[] = [];
  input.responses.forEach((x, i) => {
    if (!expected.has(x.assetId))
      problems.push({ path: `body.responses[${i}].assetId`, reason: 'not on your list' });
  });
  for (const id of expected)
    if (!given.has(id))
      problems.push({ path: 'body.responses', reason: `missing an answer for asset ${id}` });
  if (problems.length) throw errors.validation('Answer for each asset on your list.', problems);
  const person = await deps.db
    .selectFrom('people')
    .select(['id', 'name', 'email'])
    .where('id', '=', r.person_id)
    .executeTakeFirstOrThrow();
  await deps.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('attestation_requests')
      .set({ responded_at: iso(deps.clock.now()) })
      .where('id', '=', r.id)
      .where('responded_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw errors.conflict('You have already answered; thank you.');
    for (const x of input.responses) {
      await trx
        .updateTable('attestation_items')
        .set({ response: x.holds ? 'holds' : 'not_held', note: x.note ?? null })
        .where('request_id', '=', r.id)
        .where('asset_id', '=', x.assetId)
        .execute();
      await recordAudit(
        trx,
        {
          tenantId: r.tenant_id,
          actor: { type: 'person', id: person.id, name: person.email ?? person.name },
          action: x.holds ? 'asset.attested' : 'asset.attestation_disputed',
          target: { type: 'asset', id: x.assetId },
          after: { campaignId: c.id, holds: x.holds },
          reason: x.note ?? null,
          requestId,
        },
        deps.clock,
      );
    }
  });
}

/**
 * Durable reminder: nudges everyone who has not answered, then schedules itself again until the due date.
 * Delivery (email, Slack) subscribes to the bus event; each reminder carries the person's link.
 */
export function reminderHandler(deps: AttestationDeps) {
  return async (job: Job): Promise<unknown> => {
    const { campaignId, n = 1 } = (job.payload ?? {}) as { campaignId?: string; n?: number };
    const c = campaignId
      ? await deps.db
          .selectFrom('attestation_campaigns')
          .selectAll()
          .where('id', '=', campaignId)
          .executeTakeFirst()
      : undefined;
    if (!c || c.status !== 'open') return { reminded: 0, reason: 'campaign closed' };
    const now = deps.clock.now();
    const pending = await deps.db
      .selectFrom('attestation_requests')
      .selectAll()
      .where('campaign_id', '=', c.id)
      .where('responded_at', 'is', null)
      .execute();
    for (const r of pending) {
      await deps.db
        .updateTable('attestation_requests')
        .set({ reminders_sent: Number(r.reminders_sent) + 1, last_reminded_at: iso(now) })
        .where('id', '=', r.id)
        .execute();
      await deps.bus.publish(`tenant.${c.tenant_id}.attestation.reminder`, {
        campaignId: c.id,
        personId: r.person_id,
        link: await link(deps, r.id),
      });
    }
    const next = new Date(now.getTime() + Number(c.reminder_every_days) * DAY);
    if (pending.length > 0 && next < new Date(c.due_at)) {
      await deps.queue.enqueue({
        type: REMIND_JOB,
        tenantId: c.tenant_id,
        payload: { campaignId: c.id, n: n + 1 },
        runAt: next,
        idempotencyKey: `${REMIND_JOB}:${c.id}:${n + 1}`,
      });
    }
    return { reminded: pending.length };
  };
}
