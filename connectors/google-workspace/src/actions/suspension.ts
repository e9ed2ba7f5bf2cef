// What suspend and unsuspend share: one PATCH of the `suspended` flag, answered with the updated user.
import { isMapError, type ActionMeta, type ActionResult, type ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { GoogleWorkspaceConfig } from '../config.js';
import { mapGoogleUser } from '../ingest/users.map.js';
import { failureError, setSuspended } from '../transport.js';

export const userKeyInputSchema = z
  .object({
    /** The user's primary e-mail, an alias, or the Google user id. */
    userKey: z.string().trim().min(1).max(320),
  })
  .strict();
export type UserKeyInput = z.infer<typeof userKeyInputSchema>;

const patchedUser = z.object({ id: z.string(), primaryEmail: z.string(), suspended: z.boolean().optional() });

export async function applySuspension(
  ctx: ConnectorContext<GoogleWorkspaceConfig>,
  suspended: boolean,
  input: UserKeyInput,
  meta: ActionMeta,
): Promise<ActionResult> {
  const verb = suspended ? 'suspend' : 'unsuspend';
  const res = await setSuspended(ctx, input.userKey, suspended, meta.idempotencyKey);
  if (!res.ok) throw failureError(`Could not ${verb} Google user "${input.userKey}"`, res.failure);
  const user = patchedUser.safeParse(res.value);
  const mapped = mapGoogleUser(res.value, { observedAt: ctx.now().toISOString() });
  return {
    status: 'succeeded',
    externalId: user.data?.id,
    message: `Google user ${user.data?.primaryEmail ?? input.userKey} is ${suspended ? 'suspended' : 'no longer suspended'}.`,
    data: { userId: user.data?.id ?? null, suspended: user.data?.suspended ?? suspended },
    observations: isMapError(mapped) ? [] : Array.isArray(mapped) ? mapped : [mapped],
  };
}
