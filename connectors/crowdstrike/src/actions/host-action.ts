import type { ActionResult, ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { CrowdStrikeConfig } from '../config.js';
import { runHostAction, type HostAction } from '../transport.js';

/** A host's `device_id` (the hosts stream's sourceKey): 32 hex digits. */
export const hostInputSchema = z.object({
  deviceId: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{32}$/, 'a Falcon device_id: 32 hexadecimal digits')
    .transform((id) => id.toLowerCase()),
});
export type HostInput = z.output<typeof hostInputSchema>;

/**
 * Containment changes take effect when the sensor confirms: the API accepts the request and the host shows
 * `containment_pending` (or `lift_containment_pending`) until then, so the result is `accepted` and the
 * outcome arrives through the hosts stream.
 */
export async function requestHostAction(
  ctx: ConnectorContext<CrowdStrikeConfig>,
  action: HostAction,
  input: HostInput,
  idempotencyKey: string,
  pendingStatus: string,
): Promise<ActionResult> {
  const accepted = await runHostAction(ctx, action, input.deviceId, idempotencyKey);
  return {
    status: 'accepted',
    externalId: accepted.id,
    message: `CrowdStrike Falcon accepted ${action.replace('_', ' ')} for host ${accepted.id}; it shows ${pendingStatus} until the sensor confirms.`,
    data: accepted.path === undefined ? { id: accepted.id } : { id: accepted.id, path: accepted.path },
  };
}
