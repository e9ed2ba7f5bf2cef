// What lock and erase share: one MDM command per dispatch, though Jamf Pro keeps no idempotency key. The
// device's command list (type and dateSent) is what tells whether an earlier attempt got through.
import { isHttpError, sleep, type ActionResult, type ConnectorContext } from '@steward/sdk';
import type { JamfConfig } from '../config.js';
import { deviceCommands, readManagementId, sendMdmCommand } from '../transport.js';

type Ctx = ConnectorContext<JamfConfig>;
type CommandData = { commandType: string } & Record<string, unknown>;

/**
 * `dateSent` is Jamf's clock and `since` ours: a command up to this much older than `since` still counts.
 * A command of the same type sent by someone else in that window is taken for ours (the Mac gets it once).
 */
export const CLOCK_SKEW_MS = 5_000;

/** The earliest command of `commandType` queued for the device since `since`: an earlier attempt's. */
export async function findCommandSince(
  ctx: Ctx,
  managementId: string,
  commandType: string,
  since: Date,
): Promise<string | undefined> {
  const from = since.getTime() - CLOCK_SKEW_MS;
  let found: { uuid: string; at: number } | undefined;
  for await (const page of deviceCommands(ctx, managementId)) {
    for (const c of page) {
      const at = Date.parse(c.dateSent ?? '');
      if (c.commandType !== commandType || !(at >= from)) continue;
      if (!found || at < found.at) found = { uuid: c.uuid, at };
    }
  }
  return found?.uuid;
}

/** A failure after which the command may or may not be queued: only the command list can tell. */
function mayHaveBeenLost(e: unknown): boolean {
  if (!isHttpError(e)) return false;
  return e.code === 'network' || e.code === 'timeout' || (e.code === 'http_status' && (e.status ?? 0) >= 500);
}

/**
 * POSTs the command, and after a failure that may have been lost on the way (5xx, dropped connection,
 * timeout) looks for it in the device's command list before sending it again. A request still queued
 * inside Jamf when the list is read is not seen there: that narrow window can still give two commands.
 */
export async function queueCommandOnce(
  ctx: Ctx,
  managementId: string,
  commandData: CommandData,
  idempotencyKey: string,
  what: string,
): Promise<string> {
  const startedAt = ctx.now();
  const { maxRetries, backoffBaseMs, backoffMaxMs } = ctx.config;
  for (let retry = 0; ; retry++) {
    try {
      return await sendMdmCommand(ctx, managementId, commandData, idempotencyKey, what);
    } catch (e) {
      if (!mayHaveBeenLost(e) || retry >= maxRetries) throw e;
      const cap = Math.min(backoffMaxMs, backoffBaseMs * 2 ** retry);
      await sleep(Math.round(Math.random() * cap), ctx.signal);
      const earlier = await findCommandSince(ctx, managementId, commandData.commandType, startedAt);
      if (earlier) return earlier;
    }
  }
}

export interface CommandAction {
  computerId: string;
  commandData: CommandData;
  idempotencyKey: string;
  /** "the lock of computer 12", for errors. */
  what: string;
  /** The result's words: "the lock" and what happens then ("the Mac locks when it next checks in"). */
  noun: string;
  then: string;
}

export async function runCommand(ctx: Ctx, action: CommandAction): Promise<ActionResult> {
  const managementId = await readManagementId(ctx, action.computerId);
  const { commandData } = action;
  const commandId = await queueCommandOnce(
    ctx,
    managementId,
    commandData,
    action.idempotencyKey,
    action.what,
  );
  const message = `Jamf Pro queued ${action.noun}; ${action.then}.`;
  return commandResult(managementId, commandData.commandType, commandId, message);
}

/** For `resume: 'lookup'`: the command an attempt cut off by a crash had queued since `resumingSince`. */
export async function findEarlierCommand(
  ctx: Ctx,
  action: Omit<CommandAction, 'idempotencyKey' | 'what'>,
  resumingSince: string,
): Promise<ActionResult | null> {
  const managementId = await readManagementId(ctx, action.computerId);
  const { commandType } = action.commandData;
  const commandId = await findCommandSince(ctx, managementId, commandType, new Date(resumingSince));
  if (!commandId) return null;
  const message = `Jamf Pro already held ${action.noun}, queued by an earlier attempt that was cut off, so it was not sent again; ${action.then}.`;
  return commandResult(managementId, commandType, commandId, message);
}

function commandResult(
  managementId: string,
  commandType: string,
  commandId: string,
  message: string,
): ActionResult {
  return { status: 'accepted', externalId: commandId, message, data: { managementId, commandType } };
}
