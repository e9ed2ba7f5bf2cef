// /api/policy/blockedsenders/{create,get,delete}-policy over the simulator's policy state.
import type { SimResponse } from '@steward/sdk/simulator';
import { CODES, envelope, failError, type SimFailEntry } from './envelope.js';
import {
  ADDRESS_TYPES,
  FROM_PARTS,
  type MimecastState,
  type PolicyEntry,
  type SimAddressType,
} from './state.js';
import { asItem, isDomain, ItemCheck } from './validation.js';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 500;

const pageToken = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

function offsetOf(token: string): number | undefined {
  const m = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/** A value for an address type: required and checked for addresses and domains, absent otherwise. */
function addressValue(check: ItemCheck, field: string, type: SimAddressType | undefined): string | undefined {
  if (type === 'individual_email_address') return check.email(field, true);
  if (type !== 'email_domain') return undefined;
  const v = check.string(field, true);
  if (v !== undefined && !isDomain(v)) {
    check.errors.push(failError(field, CODES.invalidDomain, `${v} is not a valid domain.`));
    return undefined;
  }
  return v;
}

export function createPolicies(state: MimecastState, items: unknown[]): SimResponse {
  const data: PolicyEntry[] = [];
  const fail: SimFailEntry[] = [];
  for (const raw of items) {
    const item = asItem(raw);
    const top = new ItemCheck(item);
    top.oneOf('option', ['block_sender'] as const);
    const policy = asItem(item.policy);
    if (item.policy === undefined) top.errors.push(failError('policy', CODES.missing, 'policy is required.'));
    const check = new ItemCheck(policy);
    const description = check.string('description', true);
    const fromPart = check.oneOf('fromPart', FROM_PARTS, 'envelope_from');
    const fromType = check.oneOf('fromType', ADDRESS_TYPES);
    const fromValue = addressValue(check, 'fromValue', fromType);
    const toType = check.oneOf('toType', ADDRESS_TYPES);
    const toValue = addressValue(check, 'toValue', toType);
    const errors = [...top.errors, ...check.errors];
    if (errors.length > 0 || !description || !fromPart || !fromType || !toType) {
      fail.push({ key: raw, errors });
      continue;
    }
    data.push(
      state.addPolicy({
        description,
        fromPart,
        fromType,
        toType,
        ...(fromValue ? { fromValue: fromValue.toLowerCase() } : {}),
        ...(toValue ? { toValue: toValue.toLowerCase() } : {}),
      }),
    );
  }
  return { status: 200, json: envelope(200, data, fail) };
}

/** `data: []` lists every policy a page at a time; `data: [{id}]` reads those policies. */
export function getPolicies(state: MimecastState, items: unknown[], meta: unknown): SimResponse {
  if (items.length > 0) return byId(state, items, (p) => p);
  const pagination = asItem(asItem(meta).pagination);
  const sizeRaw = pagination.pageSize;
  const pageSize =
    typeof sizeRaw === 'number' && Number.isInteger(sizeRaw)
      ? Math.min(MAX_PAGE_SIZE, Math.max(1, sizeRaw))
      : DEFAULT_PAGE_SIZE;
  let offset = 0;
  if (typeof pagination.pageToken === 'string' && pagination.pageToken !== '') {
    const at = offsetOf(pagination.pageToken);
    if (at === undefined) {
      const error = failError('pageToken', CODES.invalidValue, 'The page token is not valid.');
      return { status: 200, json: envelope(200, [], [{ key: pagination, errors: [error] }]) };
    }
    offset = at;
  }
  const page = state.policies.slice(offset, offset + pageSize);
  const end = offset + page.length;
  const next = end < state.policies.length ? pageToken(end) : undefined;
  return { status: 200, json: envelope(200, page, [], { pageSize, ...(next ? { next } : {}) }) };
}

export function deletePolicies(state: MimecastState, items: unknown[]): SimResponse {
  return byId(state, items, (p) => (state.deletePolicy(p.id), { id: p.id }));
}

function byId(state: MimecastState, items: unknown[], apply: (p: PolicyEntry) => unknown): SimResponse {
  const data: unknown[] = [];
  const fail: SimFailEntry[] = [];
  for (const raw of items) {
    const check = new ItemCheck(asItem(raw));
    const id = check.string('id', true);
    const found = id === undefined ? undefined : state.policy(id);
    if (id !== undefined && !found) {
      check.errors.push(failError('id', CODES.policyNotFound, `No blocked-sender policy with id ${id}.`));
    }
    if (!found || !check.ok) fail.push({ key: raw, errors: check.errors });
    else data.push(apply(found));
  }
  return { status: 200, json: envelope(200, data, fail) };
}
