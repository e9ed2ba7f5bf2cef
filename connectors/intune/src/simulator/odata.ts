// The OData query options the simulator understands on managedDevices: $select, $filter (eq … and …),
// $top and $skiptoken.
import { SimHttpError, type SimRequest, type VendorErrors } from '@steward/sdk/simulator';
import { MANAGED_DEVICE_PROPERTIES } from './devices.js';

const ENTITY = 'microsoft.graph.managedDevice';

function badRequest(errors: VendorErrors, message: string, req: SimRequest): SimHttpError {
  return new SimHttpError(errors.badRequest(message, req));
}

/** The selected properties, or undefined for all of them. */
export function parseSelect(req: SimRequest, errors: VendorErrors): string[] | undefined {
  const raw = req.query.get('$select');
  if (raw === null || raw.trim() === '') return undefined;
  const names = raw.split(',').map((s) => s.trim());
  const unknown = names.find((n) => !MANAGED_DEVICE_PROPERTIES.has(n));
  if (unknown !== undefined) {
    throw badRequest(errors, `Could not find a property named '${unknown}' on type '${ENTITY}'.`, req);
  }
  return names;
}

export function applySelect(
  record: Record<string, unknown>,
  select: string[] | undefined,
): Record<string, unknown> {
  if (!select) return record;
  return Object.fromEntries(select.map((name) => [name, record[name]]));
}

export type Filter = (record: Record<string, unknown>) => boolean;

/** `prop eq 'text'`, `prop eq true|false`, clauses joined by `and`. */
export function parseFilter(req: SimRequest, errors: VendorErrors): Filter {
  const raw = req.query.get('$filter');
  if (raw === null || raw.trim() === '') return () => true;
  const clauses = raw.split(/\s+and\s+/i).map((clause) => {
    const m = /^\s*(\w+)\s+eq\s+(?:'((?:[^']|'')*)'|(true|false))\s*$/i.exec(clause);
    if (!m?.[1]) throw badRequest(errors, `Invalid filter clause: ${clause.trim()}`, req);
    const [, name, text, bool] = m;
    if (!MANAGED_DEVICE_PROPERTIES.has(name)) {
      throw badRequest(errors, `Could not find a property named '${name}' on type '${ENTITY}'.`, req);
    }
    const value: string | boolean =
      bool !== undefined ? bool.toLowerCase() === 'true' : (text ?? '').replace(/''/g, "'");
    return (record: Record<string, unknown>) => record[name] === value;
  });
  return (record) => clauses.every((c) => c(record));
}

export function encodeSkipToken(lastSeq: number): string {
  return Buffer.from(`LastDeviceSeq=${lastSeq}`).toString('base64url');
}

/** The position a skip token points after, or -1 without one. */
export function decodeSkipToken(req: SimRequest, errors: VendorErrors): number {
  const raw = req.query.get('$skiptoken');
  if (raw === null) return -1;
  const m = /^LastDeviceSeq=(\d+)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!m?.[1]) throw badRequest(errors, 'The skip token is not valid.', req);
  return Number(m[1]);
}

/** `$top`: 1 to 1000 (Intune's largest page), 1000 when absent. */
export function parseTop(req: SimRequest, errors: VendorErrors): number {
  const raw = req.query.get('$top');
  if (raw === null || raw === '') return 1000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw badRequest(errors, `Invalid value '${raw}' for $top query option.`, req);
  return Math.min(Math.max(n, 1), 1000);
}

/** The nextLink Graph hands back: the same query, the skip token replaced, `$` options written as is. */
export function nextLinkOf(req: SimRequest, lastSeq: number): string {
  const parts: string[] = [];
  for (const [key, value] of req.query) {
    if (key === '$skiptoken') continue;
    parts.push(`${key}=${encodeURIComponent(value)}`);
  }
  parts.push(`$skiptoken=${encodeSkipToken(lastSeq)}`);
  return `${originOf(req)}${req.path}?${parts.join('&')}`;
}

export function originOf(req: SimRequest): string {
  return `http://${req.headers.host ?? '127.0.0.1'}`;
}
