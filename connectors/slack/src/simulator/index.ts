// A fake of Slack incoming webhooks on real HTTP: hooks by path, plain-text answers, a per-hook pace,
// payload checks, recorded messages, and the kit's injectable faults.
import {
  FaultPlan,
  TokenIssuer,
  startSimulatorServer,
  type SimulatorDefinition,
  type SimulatorServer,
} from '@steward/sdk/simulator';
import { slackErrors, slackRoutes } from './routes.js';
import { SlackSimulatorState, type HookRateLimit, type HookStatus, type SimHook } from './state.js';

export {
  SlackSimulatorState,
  type HookRateLimit,
  type HookStatus,
  type PostedMessage,
  type SimHook,
} from './state.js';

export const DEFAULT_CHANNEL = '#it-alerts';

export interface SlackSimulatorOptions {
  port?: number;
  host?: string;
  /** Hooks besides the default one (for #it-alerts, active). */
  hooks?: ReadonlyArray<{ channel: string; status?: HookStatus }>;
  /** Per hook; default one message a second with a burst of 5. */
  rateLimit?: Partial<HookRateLimit>;
  faults?: FaultPlan;
}

export interface SlackSimulator {
  server: SimulatorServer;
  state: SlackSimulatorState;
  /** The default hook, and its full URL (the connector's secret). */
  hook: SimHook;
  webhookUrl: string;
  /** Any hook's full URL. */
  urlOf(hook: SimHook): string;
  close(): Promise<void>;
}

export async function startSlackSimulator(options: SlackSimulatorOptions = {}): Promise<SlackSimulator> {
  const state = new SlackSimulatorState({
    perSecond: options.rateLimit?.perSecond ?? 1,
    burst: options.rateLimit?.burst ?? 5,
  });
  const hook = state.addHook(DEFAULT_CHANNEL);
  for (const extra of options.hooks ?? []) state.addHook(extra.channel, extra.status);
  const server = await startSimulatorServer({
    name: 'slack',
    routes: slackRoutes(state),
    errors: slackErrors,
    // The hook's path is its credential; the route checks it.
    authenticate: () => true,
    tokens: new TokenIssuer('unused-'),
    faults: options.faults ?? new FaultPlan(),
    port: options.port,
    host: options.host,
  });
  const urlOf = (h: SimHook) => `${server.url}${h.path}`;
  return { server, state, hook, webhookUrl: urlOf(hook), urlOf, close: () => server.close() };
}

export const simulator: SimulatorDefinition = {
  connectorId: 'slack',
  title: 'Slack',
  async start(options) {
    const sim = await startSlackSimulator({ port: options.port, host: options.host });
    return {
      server: sim.server,
      config: { channel: DEFAULT_CHANNEL },
      secrets: { webhookUrl: sim.webhookUrl },
    };
  },
};
