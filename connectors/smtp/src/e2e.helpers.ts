// Shared by the end-to-end tests: SMTP simulators and connector instances pointed at them.
import { instantiateConnector, type ConnectorInstance } from '@steward/sdk';
import type { SmtpConfig } from './config.js';
import { smtp } from './index.js';
import { startSmtpSimulator, type SmtpSimulator, type SmtpSimulatorOptions } from './simulator/index.js';

const running: SmtpSimulator[] = [];

export async function startSmtp(options: SmtpSimulatorOptions = {}): Promise<SmtpSimulator> {
  const sim = await startSmtpSimulator(options);
  running.push(sim);
  return sim;
}

export async function closeSimulators(): Promise<void> {
  await Promise.all(running.splice(0).map((s) => s.close()));
}

/** Short timeouts and backoffs, so faults resolve in milliseconds. */
export const FAST = {
  backoffBaseMs: 5,
  backoffMaxMs: 20,
  maxRetries: 3,
  connectionTimeoutMs: 2_000,
  greetingTimeoutMs: 500,
  socketTimeoutMs: 5_000,
};

export function connect(
  sim: Pick<SmtpSimulator, 'config' | 'secrets'>,
  options: { password?: string; config?: Record<string, unknown>; advanced?: Record<string, number> } = {},
): ConnectorInstance<SmtpConfig> {
  return instantiateConnector(smtp, {
    config: { ...sim.config, advanced: { ...FAST, ...options.advanced }, ...options.config },
    secrets: { password: options.password ?? sim.secrets.password },
  });
}

/** The rejection of `promise`, which must reject. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a rejection, got ${String(outcome)}`);
  return outcome;
}

/** Everything an error exposes as text: message, details, cause. */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return JSON.stringify({
    message: e.message,
    cause: String(e.cause),
    details: (e as { details?: unknown }).details,
  });
}

let key = 0;
export const meta = () => ({ idempotencyKey: `send-email-${++key}` });

export const message = (overrides: Record<string, unknown> = {}) => ({
  to: ['alice@example.com'],
  subject: 'Laptop C02XYZ assigned to you',
  text: 'Your new laptop is ready at the IT desk.',
  ...overrides,
});
