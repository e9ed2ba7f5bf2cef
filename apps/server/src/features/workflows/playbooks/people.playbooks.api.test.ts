// The playbooks about people and dates, end to end from their shipped templates on a server whose clock
// the test moves: offboarding (a person terminated: suspended in Okta and Google Workspace, a return
// ticket per device in ServiceNow, and 30 days later deactivated in Okta) and refresh (60 days before a
// warranty ends: an e-mail to the assignee and a Slack message to IT). Each vendor effect is read from its
// simulator and counted. SQLite only: the 30-day timer and the date scan run on PostgreSQL in
// steps.api.test.ts and triggers.dates.api.test.ts, and CI time is tight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedFleet } from '@steward/sdk/simulator';
import {
  startGoogleWorkspaceSimulator,
  type GoogleWorkspaceSimulator,
} from '@steward/connector-google-workspace/simulator';
import { startOktaSimulator, type OktaSimulator } from '@steward/connector-okta/simulator';
import { startServiceNowSimulator, type ServiceNowSimulator } from '@steward/connector-servicenow/simulator';
import { startSlackSimulator, type SlackSimulator } from '@steward/connector-slack/simulator';
import { startSmtpSimulator, type SmtpSimulator } from '@steward/connector-smtp/simulator';
import { FakeClock } from '../../../test/clock.js';
import { seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../../test/server.js';
import { until } from '../../../test/until.js';
import {
  caller,
  playbooks,
  stepOf,
  stepsOf,
  PLAYBOOK_TEST_MS,
  scanDatesNow,
  TRIGGER_MS,
  type Call,
} from './playbooks.helpers.js';

const DAY = 86_400_000;

describe('people and date playbooks [sqlite]', () => {
  const clock = new FakeClock(Date.now());
  const fleet = simulatedFleet({ devices: 20, seed: 11 });
  let s: TestServer;
  let t: SeededTenant;
  let okta: OktaSimulator;
  let google: GoogleWorkspaceSimulator;
  let servicenow: ServiceNowSimulator;
  let slack: SlackSimulator;
  let mail: SmtpSimulator;
  let call: Call;
  let pb: ReturnType<typeof playbooks>;

  beforeAll(async () => {
    s = await startTestServer('sqlite', { jobs: { workers: 2, leaseSeconds: 30, pollMs: 50 } }, { clock });
    t = await seedTenant(s.steward, 'people-playbooks');
    call = caller(s.url, t.tokens.admin);
    pb = playbooks(call, { steward: s.steward, tenantId: t.id });
    [okta, google, servicenow, slack, mail] = await Promise.all([
      startOktaSimulator({ fleet }),
      startGoogleWorkspaceSimulator({ fleet }),
      startServiceNowSimulator(),
      startSlackSimulator(),
      startSmtpSimulator(),
    ]);
    const instances: [string, string, Record<string, unknown>, Record<string, unknown>][] = [
      ['okta', 'Okta', { baseUrl: okta.server.url }, { apiToken: okta.apiToken }],
      [
        'google-workspace',
        'Google',
        { baseUrl: google.server.url, adminEmail: google.adminEmail },
        { serviceAccountKey: google.serviceAccountKey },
      ],
      ['servicenow', 'ServiceNow', servicenow.config, servicenow.secrets],
      ['slack', 'IT', { channel: '#it' }, { webhookUrl: slack.webhookUrl }],
      ['smtp', 'Mail', mail.config, mail.secrets],
    ];
    for (const [connectorId, name, config, secrets] of instances) {
      const res = await call('POST', '/api/v1/connector-instances', { connectorId, name, config, secrets });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      if (connectorId === 'okta' || connectorId === 'google-workspace') await sync(res.body.id as string);
    }
    // The syncs' own changes fall outside the window a first trigger scan looks back over.
    clock.advance(60_000);
  });
  afterAll(async () => {
    await Promise.all([
      okta?.server.close(),
      google?.server.close(),
      servicenow?.server.close(),
      slack?.close(),
      mail?.close(),
    ]);
    await s?.stop();
  });

  async function sync(instanceId: string): Promise<void> {
    const started = await call('POST', `/api/v1/connector-instances/${instanceId}/syncs`);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const run = await until(
      `sync ${started.body.id}`,
      async () => {
        const r = (await call('GET', `/api/v1/connector-runs/${started.body.id}`)).body;
        return ['succeeded', 'failed'].includes(r.status) ? r : undefined;
      },
      TRIGGER_MS,
    );
    expect(run.status, JSON.stringify(run)).toBe('succeeded');
  }

  async function device(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await call('POST', '/api/v1/assets', {
      kind: 'device',
      deviceType: 'laptop',
      name,
      serialNumber: `PB${name.replace(/[^a-z0-9]/gi, '').toUpperCase()}`,
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  /**
   * Changes right after an enable (or another change) share its second on the frozen clock, and with it
   * the key of the scan it queued; a second on, a change queues a scan of its own.
   */
  const tick = () => clock.advance(1_000);

  it(
    'offboarding: a terminated person is suspended in Okta and Google, gets a ticket per device, and 30 days later is deactivated in Okta',
    async () => {
      const user = okta.state.users.find((u) => {
        const g = google.state.user(u.person.email);
        return u.status === 'ACTIVE' && g && !g.suspended && !g.archived && !g.isAdmin;
      });
      if (!user) throw new Error('no active user in both Okta and Google');
      const googleUser = google.state.user(user.person.email)!;
      const people = await call('GET', `/api/v1/people?q=${encodeURIComponent(user.person.email)}`);
      expect(people.body.items).toHaveLength(1);
      const person = people.body.items[0] as { id: string; name: string };
      const devices = [await device('leaver-mbp'), await device('leaver-ipad', { deviceType: 'tablet' })];
      for (const id of devices)
        expect((await call('POST', `/api/v1/assets/${id}/assign`, { personId: person.id })).status).toBe(200);
      const workflow = await pb.enable('offboarding', {
        okta: 'Okta',
        google: 'Google',
        servicenow: 'ServiceNow',
      });

      tick();
      const terminated = await call('PATCH', `/api/v1/people/${person.id}`, { status: 'terminated' });
      expect(terminated.status, JSON.stringify(terminated.body)).toBe(200);
      const run = await pb.started(workflow);
      expect(run.subjectId).toBe(person.id);
      const waiting = await until(
        'the 30-day wait',
        async () => {
          const r = await pb.run(run.id);
          if (r.status !== 'running') throw new Error(`run ended early: ${JSON.stringify(r)}`);
          return stepOf(r, 'later')?.status === 'waiting' ? r : undefined;
        },
        TRIGGER_MS,
      );
      const lifecycleCalls = () =>
        okta.server.requests
          .filter((r) => r.method === 'POST' && r.path.includes('/lifecycle/'))
          .map((r) => r.path);
      expect(user.status).toBe('SUSPENDED');
      expect(googleUser.suspended).toBe(true);
      expect(lifecycleCalls()).toEqual([`/api/v1/users/${user.id}/lifecycle/suspend`]);
      expect(google.server.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
      expect(servicenow.state.incidents.rows.map((r) => r.short_description).sort()).toEqual([
        `Collect leaver-ipad from ${person.name}`,
        `Collect leaver-mbp from ${person.name}`,
      ]);
      const wakeAt = Date.parse(stepOf(waiting, 'later')?.wakeAt ?? '');
      expect(wakeAt - clock.now().getTime()).toBeGreaterThan(29 * DAY);

      clock.advance(29 * DAY);
      await new Promise((r) => setTimeout(r, 500));
      expect((await pb.run(run.id)).status).toBe('running');
      expect(user.status).toBe('SUSPENDED');

      clock.advance(DAY + 60_000);
      const done = await pb.ended(run.id);
      expect(done.status, JSON.stringify(done)).toBe('succeeded');
      expect(stepsOf(done)).toEqual([
        ['deactivate', 'succeeded'],
        ['later', 'succeeded'],
        ['returns', 'succeeded'],
        ['returns#0/ticket', 'succeeded'],
        ['returns#1/ticket', 'succeeded'],
        ['suspend', 'succeeded'],
        ['suspend#0/okta', 'succeeded'],
        ['suspend#1/google', 'succeeded'],
      ]);
      expect(user.status).toBe('DEPROVISIONED');
      expect(lifecycleCalls()).toEqual([
        `/api/v1/users/${user.id}/lifecycle/suspend`,
        `/api/v1/users/${user.id}/lifecycle/deactivate`,
      ]);
      expect(servicenow.state.incidents.rows).toHaveLength(2);
      await pb.disable(workflow);
    },
    PLAYBOOK_TEST_MS,
  );

  it(
    'refresh: 60 days before a warranty ends the assignee is e-mailed and IT told, once; a spare only tells IT',
    async () => {
      const inDays = (n: number) => new Date(clock.now().getTime() + n * DAY).toISOString().slice(0, 10);
      const owner = await call('POST', '/api/v1/people', { email: 'rory.refresh@example.com', name: 'Rory' });
      expect(owner.status).toBe(201);
      const model = 'MacBook Air (13-inch, M2)';
      const due = await device('rory-mba', { model, warrantyEnd: inDays(45) });
      expect((await call('POST', `/api/v1/assets/${due}/assign`, { personId: owner.body.id })).status).toBe(
        200,
      );
      const spare = await device('spare-mba', { model, warrantyEnd: inDays(50) });
      await device('later-mba', { model, warrantyEnd: inDays(90) });
      const workflow = await pb.enable('refresh', { slack: 'IT' });

      const runs = await until(
        'both refresh runs',
        async () => {
          const all = await pb.runs(workflow);
          return all.length >= 2 ? all : undefined;
        },
        TRIGGER_MS,
      );
      const ended = await Promise.all(runs.map((r) => pb.ended(r.id)));
      const bySubject = new Map(ended.map((r) => [r.subjectId, r]));
      expect([...bySubject.keys()].sort()).toEqual([due, spare].sort());
      const mine = bySubject.get(due)!;
      expect(mine.status, JSON.stringify(mine)).toBe('succeeded');
      expect(stepsOf(mine)).toEqual([
        ['assigned', 'succeeded'],
        ['assignee', 'succeeded'],
        ['it', 'succeeded'],
      ]);
      const other = bySubject.get(spare)!;
      expect(other.status, JSON.stringify(other)).toBe('succeeded');
      expect(stepsOf(other)).toEqual([
        ['assigned', 'succeeded'],
        ['it', 'succeeded'],
      ]);

      expect(mail.state.messages.map((m) => [m.envelope.to, m.subject, m.text?.trim()])).toEqual([
        [
          ['rory.refresh@example.com'],
          `Your ${model} is due for a refresh`,
          `Its warranty ends on ${inDays(45)}. IT will contact you about a replacement.`,
        ],
      ]);
      expect(slack.state.messages.map((m) => m.text).sort()).toEqual([
        `rory-mba warranty ends ${inDays(45)}: plan a refresh.`,
        `spare-mba warranty ends ${inDays(50)}: plan a refresh.`,
      ]);

      // The next day's scan sees the same dates and fires nothing more.
      clock.advance(DAY);
      expect(await scanDatesNow(s.steward, t.id, workflow)).toMatchObject({ matched: 2, started: 0 });
      expect(await pb.runs(workflow)).toHaveLength(2);
      expect(mail.state.messages).toHaveLength(1);
      await pb.disable(workflow);
    },
    PLAYBOOK_TEST_MS,
  );
});
