// The crash test's world: the real `steward` binary on a file database (SQLite or PostgreSQL), and the
// Jamf, Slack and ServiceNow simulators in the test process, each answering its effect requests late so a
// kill lands while some are still at the vendor. Counts what each vendor did, and what it still had in hand.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startJamfSimulator, type JamfSimulator } from '@steward/connector-jamf/simulator';
import { startServiceNowSimulator, type ServiceNowSimulator } from '@steward/connector-servicenow/simulator';
import { startSlackSimulator, type SlackSimulator } from '@steward/connector-slack/simulator';
import { FaultPlan, type RecordedRequest, type SimFleet } from '@steward/sdk/simulator';
import { fromJson, openStore, type Dialect } from '../../platform/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/stores.js';
import { api } from '../../test/server.js';
import {
  cliEnv,
  eventually,
  killHard,
  runCli,
  runCliAsync,
  startCli,
  type CliProcess,
} from '../../cli/process.fixture.js';

export const MDM_COMMANDS_PATH = '/api/v2/mdm/commands';
export const INCIDENTS_PATH = '/api/now/table/incident';

export type Vendor = 'jamf' | 'slack' | 'servicenow';
export const VENDORS: readonly Vendor[] = ['jamf', 'slack', 'servicenow'];

/** How late each vendor answers an effect request (ServiceNow: its look-up and its insert, each). */
export interface Delays {
  jamf: number;
  slack: number;
  servicenow: number;
}

export interface Vendors {
  jamf: JamfSimulator;
  slack: SlackSimulator;
  servicenow: ServiceNowSimulator;
  /** Requests received on each vendor's delayed path and not answered yet (valid until `fast()`). */
  inFlight(): Record<Vendor, number>;
  /** The effects each vendor has applied so far. */
  effects(): Record<Vendor, number>;
  /** The texts of the Slack messages posted from the `from`-th on (0-based), in order. */
  slackTextsFrom(from: number): string[];
  /** Answers every request from now on without delay (requests already waiting keep theirs). */
  fast(): void;
  close(): Promise<void>;
}

export async function startVendors(fleet: SimFleet, delays: Delays): Promise<Vendors> {
  // Every request on these paths waits: the plan's `fired` count is then the number received.
  const plans = {
    jamf: new FaultPlan().inject({ type: 'delay', times: 10_000, ms: delays.jamf, path: MDM_COMMANDS_PATH }),
    slack: new FaultPlan(),
    servicenow: new FaultPlan().inject({
      type: 'delay',
      times: 10_000,
      ms: delays.servicenow,
      path: INCIDENTS_PATH,
    }),
  };
  const jamf = await startJamfSimulator({ fleet, faults: plans.jamf });
  // No pacing in the way: a 429 would only slow the run, not test anything here.
  const slack = await startSlackSimulator({ faults: plans.slack, rateLimit: { perSecond: 100, burst: 100 } });
  plans.slack.inject({ type: 'delay', times: 10_000, ms: delays.slack, path: slack.hook.path });
  const servicenow = await startServiceNowSimulator({ faults: plans.servicenow });

  const answered = (requests: RecordedRequest[], prefix: string) =>
    requests.filter((r) => r.path.startsWith(prefix)).length;
  return {
    jamf,
    slack,
    servicenow,
    inFlight: () => ({
      jamf: plans.jamf.fired.length - answered(jamf.server.requests, MDM_COMMANDS_PATH),
      slack: plans.slack.fired.length - answered(slack.server.requests, slack.hook.path),
      servicenow: plans.servicenow.fired.length - answered(servicenow.server.requests, INCIDENTS_PATH),
    }),
    effects: () => ({
      jamf: jamf.state.commands.filter((c) => c.commandType === 'DEVICE_LOCK').length,
      slack: slack.state.messages.length,
      servicenow: servicenow.state.incidents.rows.length,
    }),
    slackTextsFrom: (from) => slack.state.messages.slice(from).map((m) => m.text ?? ''),
    fast: () => Object.values(plans).forEach((p) => p.clear()),
    close: async () => {
      await Promise.all([jamf.server.close(), slack.close(), servicenow.server.close()]);
    },
  };
}

export interface Served {
  process: CliProcess;
  url: string;
}

export interface Steward {
  database: TestDatabase;
  token: string;
  /** The first `steward serve`, started while the token was minted. */
  first: Served;
  /** Starts `steward serve` again on the same database; every process is killed (if alive) by `close()`. */
  serve(): Promise<Served>;
  close(): Promise<void>;
}

/**
 * A fresh database with an admin and an API token, and a config with short leases: a job whose worker was
 * killed is claimed again `leaseSeconds` after its last renewal.
 */
export async function prepareSteward(
  dialect: Dialect,
  jobs: { workers: number; leaseSeconds: number; pollMs: number },
): Promise<Steward> {
  const database = await createTestDatabase(dialect);
  const configFile = path.join(database.dataDir, 'steward.json');
  writeFileSync(configFile, JSON.stringify({ jobs }));
  const env = cliEnv({
    STEWARD_DATA_DIR: database.dataDir,
    STEWARD_CONFIG_FILE: configFile,
    ...(database.databaseUrl ? { STEWARD_DATABASE_URL: database.databaseUrl } : {}),
  });
  const running: CliProcess[] = [];
  const serve = async (): Promise<Served> => {
    const p = await startCli(
      ['serve', '--port', '0', '--data-dir', database.dataDir],
      env,
      /listening at (http:\/\/\S+)/,
    );
    running.push(p);
    return { process: p, url: p.match[1] as string };
  };
  const close = async () => {
    await Promise.all(running.splice(0).map(killHard));
    await database.drop();
  };
  try {
    const admin = runCli(
      ['admin', 'create', '--email', 'ops@example.com', '--password-stdin'],
      env,
      'a very long password\n',
    );
    if (admin.code !== 0) throw new Error(`admin create: ${admin.stderr}`);
    // Each CLI start loads the server's sources (seconds on a busy machine): mint the token while it boots.
    const [created, first] = await Promise.all([
      runCliAsync(['token', 'create', '--tenant', 'default', '--role', 'admin', '--name', 'crash'], env),
      serve(),
    ]);
    if (created.code !== 0) throw new Error(`token create: ${created.stderr}`);
    return { database, token: created.stdout.trim(), first, serve, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The three connector instances the workflow names, and a finished Jamf sync (the assets to act on). */
export async function connectVendors(url: string, token: string, vendors: Vendors): Promise<void> {
  const { jamf, slack, servicenow } = vendors;
  for (const [connectorId, name, config, secrets] of [
    ['jamf-pro', 'Jamf', jamf.config, jamf.secrets],
    ['slack', 'Security', { channel: '#sec' }, { webhookUrl: slack.webhookUrl }],
    ['servicenow', 'ServiceNow', servicenow.config, servicenow.secrets],
  ] as const) {
    const body = { connectorId, name, config, secrets };
    const res = await api(url, 'POST', '/api/v1/connector-instances', { token, body });
    if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    if (connectorId !== 'jamf-pro') continue;
    const sync = await api(url, 'POST', `/api/v1/connector-instances/${res.body.id}/syncs`, { token });
    if (sync.status !== 202) throw new Error(`sync: ${sync.status} ${JSON.stringify(sync.body)}`);
    const run = await eventually(
      'the Jamf sync',
      async () => {
        const r = await api(url, 'GET', `/api/v1/connector-runs/${sync.body.id}`, { token });
        return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : undefined;
      },
      30_000,
      100,
    );
    if (run.status !== 'succeeded') throw new Error(`Jamf sync: ${JSON.stringify(run)}`);
  }
}

export interface CutOffAction {
  action: string;
  input: unknown;
}

/**
 * The connector actions the killed server had begun and not finished (rows still `running`), read from its
 * database before the restart: exactly the attempts the restarted server resumes by their resume policy.
 */
export async function cutOffActions(database: TestDatabase): Promise<CutOffAction[]> {
  const store = openStore({ dataDir: database.dataDir, databaseUrl: database.databaseUrl });
  try {
    const rows = await store.db
      .selectFrom('connector_actions')
      .select(['action', 'input'])
      .where('status', '=', 'running')
      .execute();
    return rows.map((r) => ({ action: r.action, input: fromJson(r.input) }));
  } finally {
    await store.close();
  }
}
