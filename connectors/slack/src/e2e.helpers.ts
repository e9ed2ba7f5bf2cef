// Shared by the end-to-end tests: a Slack simulator and connector instances pointed at it.
import { instantiateConnector, type ConnectorInstance, type TransportEvent } from '@steward/sdk';
import type { SlackConfig } from './config.js';
import { slack } from './index.js';
import {
  startSlackSimulator,
  type SimHook,
  type SlackSimulator,
  type SlackSimulatorOptions,
} from './simulator/index.js';

const running: SlackSimulator[] = [];

export async function startSlack(options: SlackSimulatorOptions = {}): Promise<SlackSimulator> {
  const sim = await startSlackSimulator(options);
  running.push(sim);
  return sim;
}

export async function closeSimulators(): Promise<void> {
  await Promise.all(running.splice(0).map((s) => s.close()));
}

export function connect(
  webhookUrl: string,
  options: { http?: Record<string, number>; events?: TransportEvent[]; channel?: string } = {},
): ConnectorInstance<SlackConfig> {
  return instantiateConnector(slack, {
    config: {
      channel: options.channel ?? '#it-alerts',
      http: { backoffBaseMs: 5, backoffMaxMs: 20, maxRetries: 3, ...options.http },
    },
    secrets: { webhookUrl },
    onEvent: (e) => options.events?.push(e),
  });
}

/** Statuses the simulator answered on one hook, in order (0: the connection was dropped). */
export const statusesOf = (sim: SlackSimulator, hook: SimHook = sim.hook): number[] =>
  sim.server.requests.filter((r) => r.path === hook.path).map((r) => r.status);

/** The rejection of `promise`, which must reject. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a rejection, got ${String(outcome)}`);
  return outcome;
}

let key = 0;
export const meta = () => ({ idempotencyKey: `notify-${++key}` });
