// For `resume: 'lookup'`: Graph lists the last request of each kind on the device (`deviceActionResults`),
// so an action cut off by a crash is found there when it reached Intune.
import { HttpError, type ActionResult, type ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { IntuneConfig } from '../config.js';
import { MANAGED_DEVICES_PATH, type DeviceActionName } from '../transport.js';

const actionResultsSchema = z.object({
  deviceActionResults: z
    .array(z.looseObject({ actionName: z.string(), startDateTime: z.string().nullish() }))
    .nullish(),
});

/**
 * `startDateTime` is Intune's clock and `resumingSince` ours: a request up to this much older still counts.
 * Someone else's request of the same kind in that window is taken for ours (the device gets it once).
 */
const CLOCK_SKEW_MS = 5_000;

export async function findEarlierAction(
  ctx: ConnectorContext<IntuneConfig>,
  deviceId: string,
  action: DeviceActionName,
  resumingSince: string,
  /** The result's words: "the remote lock" and what happens then. */
  words: { noun: string; then: string },
): Promise<ActionResult | null> {
  const res = await ctx.http.request({
    path: `${MANAGED_DEVICES_PATH}/${encodeURIComponent(deviceId)}`,
    query: { $select: 'deviceActionResults' },
    // A device gone since is no proof either way: the action is sent, and Intune names the 404.
    expect: [200, 404],
    signal: ctx.signal,
  });
  if (res.status === 404) return null;
  const parsed = actionResultsSchema.safeParse(res.json);
  if (!parsed.success)
    throw new HttpError({
      code: 'response_invalid',
      url: res.url,
      status: res.status,
      message: `GET ${res.url} answered without readable deviceActionResults.`,
    });
  const from = Date.parse(resumingSince) - CLOCK_SKEW_MS;
  const earlier = (parsed.data.deviceActionResults ?? []).find(
    (r) => r.actionName === action && Date.parse(r.startDateTime ?? '') >= from,
  );
  if (!earlier) return null;
  return {
    status: 'accepted',
    message: `Intune already had ${words.noun}, requested by an earlier attempt that was cut off, so it was not sent again; ${words.then}.`,
  };
}
