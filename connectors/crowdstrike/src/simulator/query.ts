// The id-listing endpoints: `GET /devices/queries/devices/v1` (offset/limit, FQL) and the scroll variant.
import { SimHttpError, type SimRequest, type SimResponse } from '@steward/sdk/simulator';
import { envelope, failure, type Pagination } from './envelope.js';
import type { CrowdStrikeState } from './state.js';

/** The plain query endpoint pages at most this deep; beyond it the API points to the scroll endpoint. */
export const MAX_QUERY_WINDOW = 10_000;
const FILTER_FIELDS = new Set(['hostname', 'serial_number', 'platform_name', 'status', 'device_id']);
const SORT_FIELDS = new Set(['hostname', 'last_seen', 'device_id', 'serial_number']);

function intOf(req: SimRequest, name: string, fallback: number, min: number, max: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new SimHttpError(failure(400, `${name} must be an integer between ${min} and ${max}`));
  }
  return n;
}

/** A small FQL subset: `field:'value'` and `field:['a','b']` terms joined by `+` (and). */
function filterOf(raw: string | null): ((host: Record<string, unknown>) => boolean) | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const terms = raw.split('+').map((term) => {
    const m = /^\s*(\w+):\s*(?:'([^']*)'|\[([^\]]*)\])\s*$/.exec(term);
    const field = m?.[1];
    if (!m || !field || !FILTER_FIELDS.has(field)) {
      throw new SimHttpError(failure(400, `Invalid filter: ${term.trim()}`));
    }
    const values =
      m[2] !== undefined ? [m[2]] : (m[3] ?? '').split(',').map((v) => v.trim().replace(/^'|'$/g, ''));
    return { field, values: values.map((v) => v.toLowerCase()) };
  });
  return (host) => terms.every((t) => t.values.includes(String(host[t.field] ?? '').toLowerCase()));
}

function sortOf(raw: string | null): { field: string; desc: boolean } | undefined {
  if (raw === null || raw === '') return undefined;
  const m = /^(\w+)[.|](asc|desc)$/.exec(raw);
  if (!m?.[1] || !SORT_FIELDS.has(m[1])) throw new SimHttpError(failure(400, `Invalid sort: ${raw}`));
  return { field: m[1], desc: m[2] === 'desc' };
}

export function queryHosts(state: CrowdStrikeState, req: SimRequest): SimResponse {
  const offset = intOf(req, 'offset', 0, 0, MAX_QUERY_WINDOW);
  const limit = intOf(req, 'limit', 100, 1, 5000);
  if (offset + limit > MAX_QUERY_WINDOW) {
    return failure(
      400,
      `offset + limit must be at most ${MAX_QUERY_WINDOW}; use /devices/queries/devices-scroll/v1`,
    );
  }
  const filter = filterOf(req.query.get('filter'));
  const sort = sortOf(req.query.get('sort'));
  let ids = state.hostIds();
  if (filter || sort) {
    // Rendering every host is slow on a big fleet; only filtered or sorted queries pay for it.
    let hosts = ids.map((id) => state.peekHost(id) ?? {});
    if (filter) hosts = hosts.filter(filter);
    if (sort) {
      const key = (h: Record<string, unknown>): string => String(h[sort.field] ?? '');
      hosts.sort((a, b) => key(a).localeCompare(key(b)) * (sort.desc ? -1 : 1));
    }
    ids = hosts.map((h) => String(h.device_id));
  }
  return {
    status: 200,
    json: envelope({
      resources: ids.slice(offset, offset + limit),
      pagination: { offset, limit, total: ids.length },
    }),
  };
}

/**
 * `GET /devices/queries/devices-scroll/v1?limit=…&offset=<token>`. Every page hands back the token of the
 * next one in `meta.pagination.offset` (the last page too, as the API does: clients stop at `total`); a
 * token past the end gives an empty page and no token. A walk sees the hosts of the moment it began. A token
 * unused for longer than the idle timeout, or never issued, is a 400.
 */
export function scrollHosts(state: CrowdStrikeState, req: SimRequest, now: number): SimResponse {
  const limit = intOf(req, 'limit', 100, 1, 10_000);
  const token = req.query.get('offset');
  let walk: string;
  let ids: readonly string[];
  let position = 0;
  if (token === null || token === '') {
    ({ walk, ids } = state.startWalk());
  } else {
    const found = state.resolveScroll(token);
    if (!found.ok) {
      return failure(
        400,
        found.reason === 'expired'
          ? 'The scroll offset has expired; start a new scroll without an offset'
          : 'Invalid scroll offset',
      );
    }
    ({ walk, ids, position } = found);
  }
  const page = ids.slice(position, position + limit);
  const pagination: Pagination = {
    limit,
    total: ids.length,
    expires_at: (now + state.scrollIdleTimeoutMs) * 1_000_000,
  };
  if (page.length > 0) pagination.offset = state.scrollToken(walk, position + page.length);
  return { status: 200, json: envelope({ resources: page, pagination }) };
}
