// A fake SMTP submission server on a real socket (smtp-server): AUTH PLAIN/LOGIN against one user, plain
// SMTP (security 'none'), every message stored and never de-duplicated, 451/550/421/dropped-DATA faults,
// and an HTTP control API beside it to read the messages back and inject the faults.
import { randomBytes } from 'node:crypto';
import {
  FaultPlan,
  TokenIssuer,
  startSimulatorServer,
  type SimulatorDefinition,
  type SimulatorServer,
} from '@steward/sdk/simulator';
import { startSmtpListener } from './listener.js';
import { controlErrors, controlRoutes } from './routes.js';
import { SmtpSimulatorState } from './state.js';

export {
  SmtpSimulatorState,
  smtpFaultSchema,
  type ReceivedMessage,
  type SmtpEvent,
  type SmtpFault,
  type SmtpStage,
} from './state.js';
export { readMessage, type ReadMessage } from './mime.js';

export const SIM_USERNAME = 'steward-mailer';
export const SIM_FROM = 'steward@example.com';

export interface SmtpSimulatorOptions {
  /** The SMTP port; 0 or absent: any free port. */
  port?: number;
  /** The HTTP control API's port; 0 or absent: any free port. */
  controlPort?: number;
  host?: string;
  username?: string;
  /** Random when absent. */
  password?: string;
  faults?: FaultPlan;
}

/** An instance configuration that reaches the simulator (the connector's config shape). */
export interface SmtpSimConfig {
  host: string;
  port: number;
  security: 'none';
  fromAddress: string;
  fromName: string;
  username: string;
  [key: string]: unknown;
}

export interface SmtpSimulator {
  /** The HTTP control API (`url`), its requests, and the FaultPlan the SMTP listener consults. */
  server: SimulatorServer;
  state: SmtpSimulatorState;
  smtp: { host: string; port: number };
  config: SmtpSimConfig;
  secrets: { password: string };
  close(): Promise<void>;
}

export async function startSmtpSimulator(options: SmtpSimulatorOptions = {}): Promise<SmtpSimulator> {
  const faults = options.faults ?? new FaultPlan();
  const state = new SmtpSimulatorState(faults);
  const username = options.username ?? SIM_USERNAME;
  const password = options.password ?? `smtp-${randomBytes(12).toString('base64url')}`;
  const listener = await startSmtpListener({
    state,
    username,
    password,
    port: options.port,
    host: options.host,
  });
  let control: SimulatorServer;
  try {
    control = await startSimulatorServer({
      name: 'smtp',
      routes: controlRoutes(state),
      errors: controlErrors,
      authenticate: () => true,
      // SMTP issues no tokens; the kit wants an issuer all the same (expire_tokens does nothing).
      tokens: new TokenIssuer('unused-'),
      faults,
      port: options.controlPort,
      host: options.host,
    });
  } catch (e) {
    await listener.close();
    throw e;
  }
  const close = async () => {
    await Promise.all([listener.close(), control.close()]);
  };
  // The platform sees one simulator: the control API's server, whose close() stops the SMTP side too.
  const server: SimulatorServer = {
    name: control.name,
    url: control.url,
    port: control.port,
    faults,
    tokens: control.tokens,
    requests: control.requests,
    get maxInFlight() {
      return control.maxInFlight;
    },
    close,
  };
  return {
    server,
    state,
    smtp: { host: listener.host, port: listener.port },
    config: {
      host: listener.host,
      port: listener.port,
      security: 'none',
      fromAddress: SIM_FROM,
      fromName: 'Steward',
      username,
    },
    secrets: { password },
    close,
  };
}

export const simulator: SimulatorDefinition = {
  connectorId: 'smtp',
  title: 'Email (SMTP)',
  async start(options) {
    // `port` is the SMTP port (what a mail client is pointed at); the control API takes any free port
    // and is printed as `url`. The fleet means nothing to a mail server.
    const sim = await startSmtpSimulator({ port: options.port, host: options.host });
    return { server: sim.server, config: sim.config, secrets: sim.secrets };
  },
};
