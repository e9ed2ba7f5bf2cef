// Shared by the e2e tests: a ServiceNow simulator and connector instances pointed at it.
import { instantiateConnector, type ConnectorInstance, type TransportEvent } from '@steward/sdk';
import type { ServiceNowConfig } from './config.js';
import { serviceNow } from './index.js';
import {
  startServiceNowSimulator,
  type ServiceNowSimulator,
  type ServiceNowSimulatorOptions,
} from './simulator/index.js';

export async function startServiceNow(
  options: ServiceNowSimulatorOptions = {},
): Promise<ServiceNowSimulator & { close(): Promise<void> }> {
  const sim = await startServiceNowSimulator(options);
  return { ...sim, close: () => sim.server.close() };
}

export function connect(
  sim: ServiceNowSimulator,
  options: {
    password?: string;
    defaults?: Record<string, string>;
    http?: Record<string, number>;
    events?: TransportEvent[];
  } = {},
): ConnectorInstance<ServiceNowConfig> {
  return instantiateConnector(serviceNow, {
    config: {
      ...sim.config,
      defaults: options.defaults ?? {},
      http: { backoffBaseMs: 5, backoffMaxMs: 20, maxRetries: 3, ...options.http },
    },
    secrets: { password: options.password ?? sim.secrets.password },
    onEvent: (e) => options.events?.push(e),
  });
}

/** `METHOD status` of every request the simulator saw on the incident table (0: connection dropped). */
export const calls = (sim: ServiceNowSimulator): string[] =>
  sim.server.requests.map((r) => `${r.method} ${r.status}`);

/** Everything an error exposes as text: message, details and cause. */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return JSON.stringify({
    message: e.message,
    cause: String(e.cause),
    details: (e as { details?: unknown }).details,
  });
}
