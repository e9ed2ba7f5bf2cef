// What the three lifecycle actions share: resolve the user, POST the transition, read the user back.
import { isMapError, type ActionMeta, type ActionResult, type ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { OktaConfig } from '../config.js';
import { mapOktaUser, oktaUserSchema } from '../ingest/users.map.js';
import { failureError, getUser, lifecycle, type LifecycleOperation } from '../transport.js';

type Ctx = ConnectorContext<OktaConfig>;

export const userInputSchema = z
  .object({
    /** The Okta user id (`00u…`) or login. */
    user: z.string().trim().min(1).max(320),
  })
  .strict();
export type UserInput = z.infer<typeof userInputSchema>;

const OKTA_USER_ID = /^00u[0-9A-Za-z]{17}$/;

/** The status each operation leaves the user in. */
const TARGET_STATUS: Record<LifecycleOperation, string> = {
  suspend: 'SUSPENDED',
  unsuspend: 'ACTIVE',
  deactivate: 'DEPROVISIONED',
};

const identifiedUser = oktaUserSchema.pick({ id: true, status: true });

export async function runLifecycle(
  ctx: Ctx,
  operation: LifecycleOperation,
  input: UserInput,
  meta: ActionMeta,
): Promise<ActionResult> {
  const what = `Could not ${operation} Okta user "${input.user}"`;
  const userId = OKTA_USER_ID.test(input.user) ? input.user : await resolveId(ctx, input.user, what);

  const done = await lifecycle(ctx, userId, operation, meta.idempotencyKey);
  if (!done.ok) {
    // A retried POST whose first attempt went through (its answer lost), or one resumed after a crash cut
    // off the first, is refused as a bad transition: the user already being where we wanted means success.
    const retriedIntoTarget =
      (done.attempts > 1 || meta.resumingSince !== undefined) &&
      done.failure.errorCode === 'E0000001' &&
      (await statusOf(ctx, userId)) === TARGET_STATUS[operation];
    if (!retriedIntoTarget) throw failureError(what, done.failure);
  }

  const after = await getUser(ctx, userId);
  const mapped = after.ok ? mapOktaUser(after.value, { observedAt: ctx.now().toISOString() }) : undefined;
  const observations = mapped && !isMapError(mapped) ? (Array.isArray(mapped) ? mapped : [mapped]) : [];
  const status = after.ok ? identifiedUser.safeParse(after.value).data?.status : undefined;
  return {
    status: 'succeeded',
    externalId: userId,
    message: `Okta user ${input.user}: ${operation} done${status ? `, status ${status}` : ''}.`,
    data: { userId, ...(status ? { oktaStatus: status } : {}) },
    observations,
  };
}

async function resolveId(ctx: Ctx, login: string, what: string): Promise<string> {
  const found = await getUser(ctx, login);
  if (!found.ok) throw failureError(what, found.failure);
  const parsed = identifiedUser.safeParse(found.value);
  if (!parsed.success)
    throw failureError(what, { status: 200, errorCode: 'unexpected', message: 'no user id' });
  return parsed.data.id;
}

async function statusOf(ctx: Ctx, userId: string): Promise<string | undefined> {
  const found = await getUser(ctx, userId);
  return found.ok ? identifiedUser.safeParse(found.value).data?.status : undefined;
}
