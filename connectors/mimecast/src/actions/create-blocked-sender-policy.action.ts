import { errors, isStewardError } from '@steward/domain';
import { defineAction, isHttpError, type ActionResult, type ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { MimecastConfig } from '../config.js';
import { createPolicy, findIdenticalPolicy, type BlockedSenderPolicy, type PolicySpec } from '../policies.js';
import { backoff } from '../transport.js';

type Ctx = ConnectorContext<MimecastConfig>;

const address = z.string().trim().min(1).max(254).regex(/^\S+$/, 'no spaces');

const inputSchema = z
  .object({
    description: z.string().trim().min(1).max(200),
    /** The address or domain to block. */
    fromValue: address.transform((s) => s.toLowerCase()),
    /** Inferred when omitted: an `@` means an address, otherwise a domain. */
    fromType: z.enum(['email_address', 'domain']).optional(),
    /** A recipient address or domain the policy is limited to; omitted: everyone. */
    toValue: address.transform((s) => s.toLowerCase()).optional(),
  })
  .strict();
type Input = z.output<typeof inputSchema>;

const typeOf = (value: string): PolicySpec['fromType'] =>
  value.includes('@') ? 'individual_email_address' : 'email_domain';

export function specOf(input: Input): PolicySpec {
  const fromType = input.fromType
    ? input.fromType === 'email_address'
      ? 'individual_email_address'
      : 'email_domain'
    : typeOf(input.fromValue);
  return {
    fromPart: 'both',
    fromType,
    fromValue: input.fromValue,
    ...(input.toValue
      ? { toType: typeOf(input.toValue), toValue: input.toValue }
      : { toType: 'everyone' as const }),
  };
}

/**
 * Mimecast takes no idempotency key and would store a second identical policy, so an identical one
 * (same from/to match; the description may differ) is looked up first and returned instead. The create
 * itself is never re-sent blindly: after a 5xx, a lost answer or a retryable fail[] entry the lookup runs
 * again before another try.
 */
async function execute(ctx: Ctx, input: Input): Promise<ActionResult> {
  const spec = specOf(input);
  const { maxRetries = 4 } = ctx.config.http;
  for (let retry = 0; ; retry++) {
    const existing = await findIdenticalPolicy(ctx, spec);
    if (existing) return resultOf(ctx, existing, false);
    try {
      const created = await createPolicy(ctx, spec, input.description);
      if (!created)
        throw errors.upstream('Mimecast accepted create blocked-sender policy but answered no policy.');
      return resultOf(ctx, created, true);
    } catch (e) {
      if (!worthRetrying(e) || retry >= maxRetries) throw e;
      await backoff(ctx, retry);
    }
  }
}

/** A 5xx, a dropped connection or all-retryable fail[] entries: the create may not have happened. */
const worthRetrying = (e: unknown): boolean =>
  (isHttpError(e) && e.retryable) || (isStewardError(e) && e.code === 'unavailable');

function resultOf(ctx: Ctx, policy: BlockedSenderPolicy, created: boolean): ActionResult {
  const { fromValue, toValue } = policy.policy;
  const scope = toValue ? `to ${toValue}` : 'to everyone';
  return {
    status: 'succeeded',
    externalId: policy.id,
    message: created
      ? `${ctx.config.environment}: created blocked-sender policy ${policy.id} blocking ${fromValue ?? '?'} ${scope}.`
      : `${ctx.config.environment}: blocked-sender policy ${policy.id} already blocks ${fromValue ?? '?'} ${scope}; nothing created.`,
    data: { id: policy.id, created, description: policy.policy.description ?? null },
  };
}

export const createBlockedSenderPolicy = defineAction({
  title: 'Create blocked-sender policy',
  description:
    'Adds a blocked-senders policy for an address or domain (optionally only towards one recipient or domain). Returns the existing policy when an identical one is already there.',
  inputSchema,
  reversible: true,
  destructive: false,
  // execute looks for an identical policy before every create, so sending it again finds the first.
  resume: 'repeat',
  execute,
});
