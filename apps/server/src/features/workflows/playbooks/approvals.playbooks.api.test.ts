// The playbooks that ask people or act on a person's devices, end to end from their shipped templates
// against the Jamf Pro, SMTP and Slack simulators: lost or stolen (the manager approves by an e-mailed
// link, then Jamf erases; a rejection erases nothing) and legal hold (every asset of the person held,
// their Macs marked "Do Not Delete" and locked in Jamf, IT told on Slack). SQLite only: the same engine
// paths run on PostgreSQL in mdm.playbooks.api.test.ts and approvals.api.test.ts, and CI time is tight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimDevice } from '@steward/sdk/simulator';
import { startSlackSimulator, type SlackSimulator } from '@steward/connector-slack/simulator';
import { startSmtpSimulator, type SmtpSimulator } from '@steward/connector-smtp/simulator';
import { api } from '../../../test/server.js';
import { until } from '../../../test/until.js';
import {
  createJamfInstance,
  startConnectorWorld,
  syncNow,
  waitForRun,
  type ConnectorWorld,
} from '../../../test/connector-world.js';
import { caller, playbooks, stepOf, stepsOf, PLAYBOOK_TEST_MS, type Call } from './playbooks.helpers.js';

describe('approval and legal-hold playbooks [sqlite]', () => {
  let w: ConnectorWorld;
  let mail: SmtpSimulator;
  let slack: SlackSimulator;
  let call: Call;
  let pb: ReturnType<typeof playbooks>;
  let macs: SimDevice[];
  let managerId: string;
  /** The manager signed in: a person assignee is recognised by the login's e-mail. */
  let asManager: Call;

  beforeAll(async () => {
    w = await startConnectorWorld('sqlite', 20);
    call = caller(w.server.url, w.tenant.tokens.admin);
    pb = playbooks(call, { steward: w.server.steward, tenantId: w.tenant.id });
    mail = await startSmtpSimulator();
    slack = await startSlackSimulator();
    const jamf = await createJamfInstance(w, { name: 'Jamf EU' });
    expect((await waitForRun(w, (await syncNow(w, jamf.id)).id)).status).toBe('succeeded');
    for (const [connectorId, name, config, secrets] of [
      ['smtp', 'Mail', mail.config, mail.secrets],
      ['slack', 'IT', { channel: '#it' }, { webhookUrl: slack.webhookUrl }],
    ] as const) {
      const res = await call('POST', '/api/v1/connector-instances', { connectorId, name, config, secrets });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    macs = w.fleet.devices.filter((d) => d.inJamf && d.platform === 'macOS');
    expect(macs.length).toBeGreaterThanOrEqual(4);

    const { operator } = w.tenant.users;
    const manager = await call('POST', '/api/v1/people', { email: operator.email, name: 'Maria Manager' });
    managerId = manager.body.id as string;
    const login = await api(w.server.url, 'POST', '/api/v1/auth/login', {
      body: { email: operator.email, password: operator.password },
    });
    expect(login.status).toBe(200);
    const headers = {
      cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
      'x-csrf-token': login.body.csrfToken as string,
    };
    asManager = (method, path, body) => api(w.server.url, method, path, { body, headers });
  });
  afterAll(async () => {
    await mail?.close();
    await slack?.close();
    await w?.close();
  });

  async function assetOf(serial: string): Promise<{ id: string; name: string }> {
    const found = await call('GET', `/api/v1/assets?q=${serial}`);
    expect(found.body.items, `asset ${serial}`).toHaveLength(1);
    return found.body.items[0];
  }

  async function person(email: string, name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await call('POST', '/api/v1/people', { email, name, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  async function assign(assetId: string, personId: string): Promise<void> {
    const res = await call('POST', `/api/v1/assets/${assetId}/assign`, { personId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  const commands = (device: SimDevice, type: string) => {
    const entry = w.jamf.state.computerOf(device);
    if (!entry) throw new Error(`Jamf has no computer for ${device.serialNumber}`);
    return w.jamf.state.commandsFor(entry.managementId).filter((c) => c.commandType === type);
  };

  const pendingRequestOf = (runId: string) =>
    until(
      `the approval request of run ${runId}`,
      async () => {
        const res = await call('GET', '/api/v1/approvals?status=pending');
        return (res.body.items as Array<{ id: string; runId: string; title: string }>).find(
          (a) => a.runId === runId,
        );
      },
      30_000,
    );

  it(
    'lost or stolen: the manager approves by the e-mailed link and Jamf erases once; a rejection erases nothing',
    async () => {
      const [lost, stolen] = [macs[0]!, macs[1]!];
      const [lostAsset, stolenAsset] = [await assetOf(lost.serialNumber), await assetOf(stolen.serialNumber)];
      const eve = await person('eve.employee@example.com', 'Eve Employee', { managerId });
      for (const a of [lostAsset, stolenAsset]) await assign(a.id, eve);
      const workflow = await pb.enable('lost-or-stolen', { jamf: 'Jamf EU', mail: 'Mail' });

      const reported = await call('POST', `/api/v1/assets/${lostAsset.id}/transition`, {
        to: 'lost',
        reason: 'left on a train',
      });
      expect(reported.status, JSON.stringify(reported.body)).toBe(200);
      const first = await pb.started(workflow, 1);
      expect(first.subjectId).toBe(lostAsset.id);
      const request = await pendingRequestOf(first.id);
      const title = `Wipe ${lostAsset.name}, reported lost?`;
      expect(request.title).toBe(title);
      const message = await until('the approval e-mail', async () =>
        mail.state.messages.find((m) => m.subject === `Approval needed: ${title}`),
      );
      expect(message.envelope.to).toEqual([w.tenant.users.operator.email]);
      // Nothing is erased while the manager has not answered.
      expect(commands(lost, 'ERASE_DEVICE')).toHaveLength(0);
      const approve = /\/approve\/(\S+)/.exec(message.text ?? '')?.[1];
      if (!approve) throw new Error(`no approve link in ${message.text}`);
      const shown = await api(w.server.url, 'GET', `/api/v1/approval-links/${approve}`, {});
      expect(shown.body).toMatchObject({ decision: 'approve', status: 'pending', title });
      expect(
        (await api(w.server.url, 'POST', `/api/v1/approval-links/${approve}`, { body: {} })).status,
      ).toBe(204);
      const approved = await pb.ended(first.id);
      expect(approved, JSON.stringify(approved)).toMatchObject({ status: 'succeeded' });
      expect(stepsOf(approved)).toEqual([
        ['approve', 'succeeded'],
        ['managed', 'succeeded'],
        ['wipe', 'succeeded'],
      ]);
      expect(stepOf(approved, 'approve')?.output).toMatchObject({ decision: 'approved' });
      const erases = commands(lost, 'ERASE_DEVICE');
      expect(erases).toHaveLength(1);
      expect(erases[0]?.commandData).toMatchObject({ pin: expect.stringMatching(/^\d{6}$/) });
      expect(mail.state.messages.filter((m) => m.subject === `Approval needed: ${title}`)).toHaveLength(1);

      const stolenReport = await call('POST', `/api/v1/assets/${stolenAsset.id}/transition`, {
        to: 'stolen',
        reason: 'bag snatched',
      });
      expect(stolenReport.status).toBe(200);
      const second = await pb.started(workflow, 2);
      expect(second.subjectId).toBe(stolenAsset.id);
      const toReject = await pendingRequestOf(second.id);
      await until('the second approval e-mail', async () =>
        mail.state.messages.find(
          (m) => m.subject === `Approval needed: Wipe ${stolenAsset.name}, reported stolen?`,
        ),
      );
      const rejected = await asManager('POST', `/api/v1/approvals/${toReject.id}/decision`, {
        decision: 'reject',
        comment: 'it turned up at home',
      });
      expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
      const done = await pb.ended(second.id);
      expect(done.status, JSON.stringify(done)).toBe('succeeded');
      expect(stepsOf(done)).toEqual([
        ['approve', 'succeeded'],
        ['managed', 'succeeded'],
      ]);
      expect(stepOf(done, 'approve')?.output).toMatchObject({
        decision: 'rejected',
        comment: 'it turned up at home',
      });
      expect(commands(stolen, 'ERASE_DEVICE')).toHaveLength(0);
      expect(commands(lost, 'ERASE_DEVICE')).toHaveLength(1);
      await pb.scanNow();
      expect(await pb.runs(workflow)).toHaveLength(2);
      await pb.disable(workflow);
    },
    PLAYBOOK_TEST_MS,
  );

  // A decision made while the approval step is still opening (its request listed, its e-mail still being
  // sent) waits for the step to record its wait instead of running the step a second time beside it.
  it(
    'lost or stolen: a rejection made in the inbox while the request e-mail is being sent is taken',
    async () => {
      const mac = macs[4]!;
      const asset = await assetOf(mac.serialNumber);
      await assign(asset.id, await person('quick.decider@example.com', 'Quick Decider', { managerId }));
      const workflow = await pb.enable(
        'lost-or-stolen',
        { jamf: 'Jamf EU', mail: 'Mail' },
        'Lost or stolen (quick decisions)',
      );
      mail.server.faults.inject({ type: 'delay', times: 1, ms: 3000, path: '/smtp/mail' });
      const reported = await call('POST', `/api/v1/assets/${asset.id}/transition`, {
        to: 'lost',
        reason: 'gone',
      });
      expect(reported.status).toBe(200);
      const run = await pb.started(workflow, 1);
      const request = await pendingRequestOf(run.id);
      const rejected = await call('POST', `/api/v1/approvals/${request.id}/decision`, { decision: 'reject' });
      expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
      const done = await pb.ended(run.id);
      expect(done.status, JSON.stringify(done)).toBe('succeeded');
      expect(stepOf(done, 'approve')?.output).toMatchObject({ decision: 'rejected' });
      expect(commands(mac, 'ERASE_DEVICE')).toHaveLength(0);
      await pb.disable(workflow);
    },
    PLAYBOOK_TEST_MS,
  );

  it(
    'legal hold: a held person’s assets are all held, their Macs marked "Do Not Delete" and locked in Jamf, IT told once',
    async () => {
      const held = [macs[2]!, macs[3]!];
      const lee = await person('lee.held@example.com', 'Lee Held');
      const heldAssets = [await assetOf(held[0]!.serialNumber), await assetOf(held[1]!.serialNumber)];
      const phone = await call('POST', '/api/v1/assets', {
        kind: 'device',
        deviceType: 'phone',
        name: 'lee-phone',
        serialNumber: 'MANUALPHONE01',
      });
      expect(phone.status).toBe(201);
      for (const a of [...heldAssets, phone.body]) await assign(a.id, lee);
      const workflow = await pb.enable('legal-hold', { jamf: 'Jamf EU', slack: 'IT', lock: 'yes' });

      const flagged = await call('PUT', `/api/v1/people/${lee}/legal-hold`, {
        hold: true,
        reason: 'Matter 2026-114',
      });
      expect(flagged.status, JSON.stringify(flagged.body)).toBe(200);
      const run = await pb.nthRun(workflow);
      expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', subjectId: lee });
      const count = (stepId: string) =>
        run.steps.filter((s) => s.stepId === stepId && s.status === 'succeeded').length;
      expect(['each', 'hold', 'inJamf', 'mark', 'lockAsked', 'lock', 'tell'].map(count)).toEqual([
        1, 3, 3, 2, 2, 2, 1,
      ]);
      expect(run.steps.every((s) => s.status === 'succeeded')).toBe(true);

      for (const a of [...heldAssets, phone.body])
        expect((await call('GET', `/api/v1/assets/${a.id}`)).body.legalHold).toBe(true);
      for (const mac of held) {
        const entry = w.jamf.state.computerOf(mac)!;
        expect(entry.patch?.extensionAttributes?.get('1')).toEqual(['true']);
        expect(
          w.jamf.server.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/${entry.id}`)),
        ).toHaveLength(1);
        expect(commands(mac, 'DEVICE_LOCK')).toHaveLength(1);
      }
      expect(slack.state.messages.map((m) => m.text)).toEqual([
        'Legal hold placed on Lee Held: 3 assets held.',
      ]);

      await pb.scanNow();
      expect(await pb.runs(workflow)).toHaveLength(1);
      await pb.disable(workflow);
    },
    PLAYBOOK_TEST_MS,
  );
});
