// Workflow runs survive `kill -9` of the server: five runs of "lock in Jamf + Slack + ServiceNow incident
// in parallel, wait 2 s, Slack again" are killed while some runs sit in their wait and others still have
// effect requests at the vendors, who apply them after the server died (their answers lost). The restarted
// server resumes each cut-off action by its resume policy and must finish every run. Jamf keeps no
// idempotency key: its lock is looked up in the device's command list, so each Mac gets exactly one;
// ServiceNow's incident is looked up by correlation_id, so exactly one. Slack can be neither keyed nor
// asked, so its notify is at-least-once: a message whose sending the kill cut off after Slack had posted
// it arrives twice — only those, and every message arrives.
import { correlationIdOf } from '@steward/connector-servicenow';
import { simulatedFleet } from '@steward/sdk/simulator';
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { eventually } from '../../cli/process.fixture.js';
import { api } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';
import {
  connectVendors,
  cutOffActions,
  prepareSteward,
  startVendors,
  VENDORS,
  type Steward,
  type Vendors,
} from './crash.fixture.js';

const RUNS = 5;
/** Per run: the Jamf lock, the Slack alert, the ServiceNow incident, then the Slack all-clear. */
const EFFECTS_PER_RUN = 4;
const DELAYS = { jamf: 1500, slack: 1500, servicenow: 700 };
const JOBS = { workers: 6, leaseSeconds: 2, pollMs: 100 };

const runSchema = z.object({
  id: z.string(),
  status: z.string(),
  error: z.string().nullable(),
  steps: z.array(z.object({ path: z.string(), status: z.string(), attempts: z.number() })),
});
type Run = z.infer<typeof runSchema>;

const definition = {
  name: 'Compromised (crash test)',
  trigger: { type: 'manual' },
  start: 'respond',
  steps: [
    { id: 'respond', type: 'parallel', branches: ['lock', 'alert', 'ticket'], next: 'pause' },
    {
      id: 'lock',
      type: 'connector_action',
      instance: 'Jamf',
      action: 'lock',
      entity: 'subject.id',
      input: { pin: '"654321"' },
    },
    {
      id: 'alert',
      type: 'notify_slack',
      instance: 'Security',
      text: '{{ subject.serialNumber }} is compromised',
    },
    {
      id: 'ticket',
      type: 'create_ticket',
      instance: 'ServiceNow',
      shortDescription: 'Compromised {{ subject.serialNumber }}',
    },
    { id: 'pause', type: 'wait', for: 'PT2S', next: 'clear' },
    {
      id: 'clear',
      type: 'notify_slack',
      instance: 'Security',
      text: 'all clear on {{ subject.serialNumber }}',
    },
  ],
};

let steward: Steward | undefined;
let vendors: Vendors | undefined;
afterEach(async () => {
  await steward?.close();
  await vendors?.close();
  steward = undefined;
  vendors = undefined;
});

/** `respond#0/lock: running ×1` for each step of the run, to show where the kill found it. */
const where = (run: Run) =>
  `${run.id.slice(-6)} ${run.status}: ${run.steps.map((s) => `${s.path} ${s.status}×${s.attempts}`).join(', ')}`;

describeEachDialect('workflow runs killed with SIGKILL', (dialect) => {
  it(
    'finish in the restarted server: Jamf and ServiceNow effects exactly once, Slack at least once',
    { timeout: 120_000 },
    async () => {
      const t0 = Date.now();
      const fleet = simulatedFleet({ devices: 24, seed: 5 });
      const macs = fleet.devices.filter((d) => d.inJamf && d.platform === 'macOS').slice(0, RUNS);
      expect(macs).toHaveLength(RUNS);
      const v = (vendors = await startVendors(fleet, DELAYS));
      steward = await prepareSteward(dialect, JOBS);
      const { token, first } = steward;
      const call = (url: string, method: string, path: string, body?: unknown) =>
        api(url, method, path, { token, body });
      await connectVendors(first.url, token, v);
      const assetIds: string[] = [];
      for (const mac of macs) {
        const found = await call(first.url, 'GET', `/api/v1/assets?q=${mac.serialNumber}`);
        assetIds.push(z.string().parse(found.body.items[0]?.id));
      }
      const created = await call(first.url, 'POST', '/api/v1/workflows', definition);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const tReady = Date.now();

      const runIds = await Promise.all(
        assetIds.map(async (entityId) => {
          const res = await call(first.url, 'POST', `/api/v1/workflows/${created.body.id}/runs`, {
            entityId,
          });
          expect(res.status, JSON.stringify(res.body)).toBe(202);
          return z.string().parse(res.body.id);
        }),
      );
      const readRuns = (url: string) =>
        Promise.all(
          runIds.map(async (id) =>
            runSchema.parse((await call(url, 'GET', `/api/v1/workflow-runs/${id}`)).body),
          ),
        );

      // The moment to kill: a run in its wait, some effects done but not all, and an effect request at
      // every vendor (read last, right before the kill, so they are still there when it lands).
      const atKill = await eventually(
        'a waiting run while every vendor holds a request',
        async () => {
          const runs = await readRuns(first.url);
          if (!runs.some((r) => r.steps.some((s) => s.path === 'pause' && s.status === 'waiting')))
            return undefined;
          const inFlight = v.inFlight();
          const effects = v.effects();
          const done = VENDORS.reduce((n, vendor) => n + effects[vendor], 0);
          if (VENDORS.some((vendor) => inFlight[vendor] < 1) || done >= RUNS * EFFECTS_PER_RUN)
            return undefined;
          return { runs, inFlight, effects };
        },
        30_000,
        20,
      );
      first.process.proc.kill('SIGKILL');
      const effectsAtKill = v.effects();
      const tKilled = Date.now();
      expect(await first.process.exited).toBe('SIGKILL');

      // What the dead server left at the vendors lands now, its answers going nowhere. Jamf and Slack
      // requests are all effects (ServiceNow's may be the look-up before the insert).
      v.fast();
      await new Promise((r) =>
        setTimeout(r, Math.max(DELAYS.jamf, DELAYS.slack, 2 * DELAYS.servicenow) + 300),
      );
      const landed = v.effects();
      const orphans = Object.fromEntries(
        VENDORS.map((vendor) => [vendor, landed[vendor] - effectsAtKill[vendor]]),
      );
      expect(orphans.jamf, 'Jamf locks applied after the kill').toBeGreaterThan(0);
      expect(orphans.slack, 'Slack messages posted after the kill').toBeGreaterThan(0);
      // The Slack messages whose sending the kill cut off (posted or not, Steward never learnt): the only
      // ones a resumed at-least-once notify posts again, so the only ones that may arrive twice. Every
      // message that landed after the kill is one of them.
      const cutOff = await cutOffActions(steward.database);
      const cutOffTexts = new Set(
        cutOff
          .filter((a) => a.action === 'notify')
          .map((a) => z.object({ text: z.string() }).parse(a.input).text),
      );
      for (const text of v.slackTextsFrom(effectsAtKill.slack))
        expect(cutOffTexts, 'a Slack message that landed after the kill').toContain(text);
      const postedBeforeRestart = new Set(v.slackTextsFrom(0));
      const twice = [...cutOffTexts].filter((t) => postedBeforeRestart.has(t));

      const second = await steward.serve();
      const ended = await eventually(
        'every run to end',
        async () => {
          const runs = await readRuns(second.url);
          return runs.every((r) => r.status !== 'running' && r.status !== 'queued') ? runs : undefined;
        },
        60_000,
        100,
      );
      const tDone = Date.now();
      console.info(
        `workflow crash [${dialect}]: ready ${tReady - t0} ms, killed ${tKilled - tReady} ms after the start, ` +
          `restart to the end ${tDone - tKilled} ms; in flight at the kill ${JSON.stringify(atKill.inFlight)}, ` +
          `effects done ${JSON.stringify(effectsAtKill)}, landed after it ${JSON.stringify(orphans)}, ` +
          `cut off ${JSON.stringify(cutOff.map((a) => a.action))}, ` +
          `at the end ${JSON.stringify(v.effects())}\n` +
          `  at the kill:\n    ${atKill.runs.map(where).join('\n    ')}\n` +
          `  at the end:\n    ${ended.map(where).join('\n    ')}`,
      );

      for (const run of ended) expect.soft(run.status, `run ${where(run)}: ${run.error}`).toBe('succeeded');
      const texts = v.slack.state.messages.map((m) => m.text);
      macs.forEach((mac, i) => {
        const serial = mac.serialNumber;
        const managementId = v.jamf.state.computerOf(mac)?.managementId ?? '';
        const locks = v.jamf.state.commandsFor(managementId).filter((c) => c.commandType === 'DEVICE_LOCK');
        expect.soft(locks, `Jamf DEVICE_LOCK commands for ${serial}`).toHaveLength(1);
        for (const text of [`${serial} is compromised`, `all clear on ${serial}`]) {
          // Once; twice only when the kill cut its sending off after Slack had posted it.
          const copies = texts.filter((t) => t === text).length;
          const cut = cutOffTexts.has(text);
          expect
            .soft(copies, `copies of Slack "${text}" (cut off by the kill: ${cut})`)
            .toBe(twice.includes(text) ? 2 : 1);
        }
        const correlationId = correlationIdOf(`wf:${runIds[i]}:respond#2/ticket`);
        const incidents = v.servicenow.state.incidents.rows.filter((r) => r.correlation_id === correlationId);
        expect.soft(incidents, `ServiceNow incidents for ${serial}`).toHaveLength(1);
        expect.soft(incidents[0]?.short_description).toBe(`Compromised ${serial}`);
      });
      // Nothing else reached the vendors: Slack's only extra copies are those of messages the kill cut off.
      expect(v.effects()).toEqual({ jamf: RUNS, slack: 2 * RUNS + twice.length, servicenow: RUNS });
    },
  );
});
