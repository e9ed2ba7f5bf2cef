// Blocked-sender policies: `/api/policy/blockedsenders/{create,get,delete}-policy`.
import type { ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { MimecastConfig } from './config.js';
import type { FailError } from './envelope.js';
import { call } from './transport.js';

type Ctx = ConnectorContext<MimecastConfig>;

export const POLICY_PATHS = {
  create: '/api/policy/blockedsenders/create-policy',
  get: '/api/policy/blockedsenders/get-policy',
  delete: '/api/policy/blockedsenders/delete-policy',
} as const;

/**
 * The address types of Mimecast's policy API (from its documentation of this endpoint; the reference
 * only names the fields): a single address, a domain, or everyone.
 */
export type AddressType = 'individual_email_address' | 'email_domain' | 'everyone';

/** What a policy matches: two policies with the same spec block the same mail. */
export interface PolicySpec {
  /** Which From the sender is matched on; we use `both` (envelope and header), so spoofed headers count. */
  fromPart: 'envelope_from' | 'header_from' | 'both';
  fromType: AddressType;
  fromValue: string;
  toType: AddressType;
  toValue?: string;
}

export const policySchema = z.looseObject({
  id: z.string().min(1),
  option: z.string().nullish(),
  policy: z.looseObject({
    description: z.string().nullish(),
    fromPart: z.string().nullish(),
    fromType: z.string(),
    fromValue: z.string().nullish(),
    toType: z.string(),
    toValue: z.string().nullish(),
  }),
});
export type BlockedSenderPolicy = z.infer<typeof policySchema>;

/** Every blocked-sender policy, page by page (`meta.pagination.pageToken` → `next`). */
export async function* policyPages(ctx: Ctx): AsyncGenerator<BlockedSenderPolicy[]> {
  let pageToken: string | undefined;
  do {
    const page = await call(ctx, POLICY_PATHS.get, [], {
      what: 'list blocked-sender policies',
      item: policySchema,
      meta: { pagination: { pageSize: ctx.config.pageSize, ...(pageToken ? { pageToken } : {}) } },
      repeatable: true,
    });
    yield page.data;
    pageToken = page.next;
  } while (pageToken);
}

/** An existing block_sender policy matching the same mail as `spec` (descriptions may differ). */
export async function findIdenticalPolicy(
  ctx: Ctx,
  spec: PolicySpec,
): Promise<BlockedSenderPolicy | undefined> {
  for await (const page of policyPages(ctx)) {
    const found = page.find((p) => (p.option ?? 'block_sender') === 'block_sender' && sameSpec(p, spec));
    if (found) return found;
  }
  return undefined;
}

const same = (a: string | null | undefined, b: string | undefined) =>
  (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

function sameSpec({ policy }: BlockedSenderPolicy, spec: PolicySpec): boolean {
  return (
    (policy.fromPart ?? 'envelope_from') === spec.fromPart &&
    policy.fromType === spec.fromType &&
    same(policy.fromValue, spec.fromValue) &&
    policy.toType === spec.toType &&
    same(policy.toValue, spec.toValue)
  );
}

/** Not repeatable: a re-sent create could add a second policy, so the action retries around a lookup. */
export async function createPolicy(
  ctx: Ctx,
  spec: PolicySpec,
  description: string,
): Promise<BlockedSenderPolicy | undefined> {
  const { data } = await call(
    ctx,
    POLICY_PATHS.create,
    [{ option: 'block_sender', policy: { description, ...spec } }],
    { what: 'create blocked-sender policy', item: policySchema, repeatable: false },
  );
  return data[0];
}

const isNotFound = (e: FailError) => e.code === POLICY_NOT_FOUND;
/** The fail code for an unknown policy id (modelled: the reference does not list it). */
export const POLICY_NOT_FOUND = 'err_policy_not_found';

/**
 * Deletes one policy. A delete re-sent after a lost answer finds the policy gone: that "not found" on a
 * re-send means the first one worked, so it is not a failure (`alreadyGone`).
 */
export async function deletePolicy(ctx: Ctx, id: string): Promise<{ alreadyGone: boolean }> {
  const { data } = await call(ctx, POLICY_PATHS.delete, [{ id }], {
    what: 'delete blocked-sender policy',
    item: z.looseObject({ id: z.string() }),
    repeatable: true,
    doneOnResend: isNotFound,
  });
  return { alreadyGone: data.length === 0 };
}
