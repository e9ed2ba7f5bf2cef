// The only file that knows CrowdStrike's request shapes and its {meta, resources, errors} envelope.
import { errors as stewardErrors } from '@steward/domain';
import type { ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import { MAX_DETAILS_IDS, type CrowdStrikeConfig } from './config.js';

type Ctx = ConnectorContext<CrowdStrikeConfig>;

const vendorErrorSchema = z.looseObject({ code: z.number(), message: z.string() });
export type VendorError = z.infer<typeof vendorErrorSchema>;

const paginationSchema = z.looseObject({
  // A number on the offset/limit query endpoints, the scroll token on devices-scroll.
  offset: z.union([z.string(), z.number()]).nullish(),
  limit: z.number().nullish(),
  total: z.number().nullish(),
});

/** Every answer of the API, errors included; `resources` and `errors` may be null or absent. */
function envelope<R extends z.ZodType>(resource: R) {
  return z.looseObject({
    meta: z.looseObject({ pagination: paginationSchema.nullish(), trace_id: z.string().nullish() }),
    resources: z.array(resource).nullish(),
    errors: z.array(vendorErrorSchema).nullish(),
  });
}

const idsEnvelope = envelope(z.string());
/** Host details stay raw: the mapper validates each record, so one bad host is one per-record error. */
const hostsEnvelope = envelope(z.unknown());
const actionEnvelope = envelope(z.looseObject({ id: z.string(), path: z.string().nullish() }));

const describe = (errs: readonly VendorError[] | null | undefined): string =>
  (errs ?? []).map((e) => e.message).join('; ');

export type ScrollResult =
  | { type: 'page'; ids: string[]; next: string | undefined; total: number | undefined }
  /** The API refused the scroll token (idle for more than 2 minutes, or never issued). */
  | { type: 'expired'; message: string };

/**
 * One page of host ids from `GET /devices/queries/devices-scroll/v1`. The next page's token comes back in
 * `meta.pagination.offset`; an empty or absent token means the walk is complete.
 */
export async function scrollHostIds(
  ctx: Ctx,
  page: { token: string | undefined; limit: number },
): Promise<ScrollResult> {
  const res = await ctx.http.request({
    path: '/devices/queries/devices-scroll/v1',
    query: { limit: page.limit, offset: page.token },
    // The only client-chosen input is the token, so a 400 for a request that carries one means the token.
    expect: page.token === undefined ? undefined : [200, 400],
    schema: idsEnvelope,
    signal: ctx.signal,
  });
  if (res.status === 400) {
    return { type: 'expired', message: describe(res.json.errors) || 'the scroll token was refused' };
  }
  const pagination = res.json.meta.pagination;
  const next =
    typeof pagination?.offset === 'string' && pagination.offset !== '' ? pagination.offset : undefined;
  return { type: 'page', ids: res.json.resources ?? [], next, total: pagination?.total ?? undefined };
}

/**
 * Host records for `ids` via `POST /devices/entities/devices/v2` (≤ 5000 ids per call). A host removed
 * since its id was listed is simply absent (the API lists it under `errors` with code 404).
 */
export async function fetchHostDetails(ctx: Ctx, ids: readonly string[]): Promise<unknown[]> {
  const records: unknown[] = [];
  for (let at = 0; at < ids.length; at += MAX_DETAILS_IDS) {
    const chunk = ids.slice(at, at + MAX_DETAILS_IDS);
    const res = await ctx.http.request({
      method: 'POST',
      path: '/devices/entities/devices/v2',
      json: { ids: chunk },
      expect: [200, 404],
      // A read, though it is a POST: safe to send again after a 5xx or a dropped connection.
      retry: true,
      schema: hostsEnvelope,
      signal: ctx.signal,
    });
    // Only "no such host" for an id we asked about is expected; any other error (a 404 for the path) is not.
    const asked = new Set(chunk);
    const failures = (res.json.errors ?? []).filter((e) => {
      const id = /[0-9a-f]{32}/i.exec(e.message)?.[0]?.toLowerCase();
      return e.code !== 404 || id === undefined || !asked.has(id);
    });
    if (failures.length > 0) {
      throw stewardErrors.upstream(`CrowdStrike Falcon refused the host details: ${describe(failures)}`);
    }
    records.push(...(res.json.resources ?? []));
  }
  return records;
}

/** A cheap authenticated call: one host id from the plain query endpoint, and the host count. */
export async function countHosts(ctx: Ctx): Promise<number> {
  const res = await ctx.http.request({
    path: '/devices/queries/devices/v1',
    query: { limit: 1 },
    schema: idsEnvelope,
    signal: ctx.signal,
  });
  return res.json.meta.pagination?.total ?? res.json.resources?.length ?? 0;
}

export type HostAction = 'contain' | 'lift_containment';

export interface ActionAccepted {
  id: string;
  path: string | undefined;
}

/**
 * `POST /devices/entities/devices-actions/v2?action_name=…` for one host. The API answers 202 with the
 * host under `resources`, or names the failure under `errors` (an unknown host is a 404 with "No matching
 * device found for ID …"): any error entry is the action's failure, with the vendor's own words.
 */
export async function runHostAction(
  ctx: Ctx,
  action: HostAction,
  deviceId: string,
  idempotencyKey: string,
): Promise<ActionAccepted> {
  const res = await ctx.http.request({
    method: 'POST',
    path: '/devices/entities/devices-actions/v2',
    query: { action_name: action },
    json: { ids: [deviceId] },
    expect: [200, 202, 400, 404, 409],
    idempotencyKey,
    schema: actionEnvelope,
    signal: ctx.signal,
  });
  const failures = res.json.errors ?? [];
  const accepted = (res.json.resources ?? []).find((r) => r.id === deviceId);
  if (failures.length > 0 || !accepted || res.status >= 400) {
    const reason = describe(failures) || `answered ${res.status} without accepting the host`;
    throw stewardErrors.upstream(
      `CrowdStrike Falcon did not ${action.replace('_', ' ')} ${deviceId}: ${reason}`,
      [{ path: 'deviceId', reason }],
    );
  }
  return { id: accepted.id, path: accepted.path ?? undefined };
}
