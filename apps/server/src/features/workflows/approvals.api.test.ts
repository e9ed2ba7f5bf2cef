// Approvals end to end on a real server with a controllable clock: a request per level, decided in the
// inbox by its assignee (the subject's manager, then a role), a timeout that escalates once and then
// rejects, a signed link that decides without a login, and a cancelled run closing its requests.
import { startSmtpSimulator, type SmtpSimulator } from '@steward/connector-smtp/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LinkSigner } from '../../platform/auth/index.js';
import { FakeClock } from '../../test/clock.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';
import { until } from '../../test/until.js';

const HOUR = 3_600_000;

const approvalFlow = (name: string, approval: Record<string, unknown>) => ({
  name,
  trigger: { type: 'manual' },
  start: 'ask',
  steps: [
    {
      id: 'ask',
      type: 'approval',
      title: 'Wipe {{ subject.name }}?',
      approved: 'yes',
      rejected: 'no',
      ...approval,
    },
    { id: 'yes', type: 'set_variable', variable: 'outcome', value: '"approved"' },
    { id: 'no', type: 'set_variable', variable: 'outcome', value: '"rejected"' },
  ],
});

interface Approval {
  id: string;
  level: number;
  status: string;
  escalated: boolean;
  canDecide: boolean;
  assignee: Record<string, unknown>;
  subject: unknown;
}

describeEachDialect('workflow approvals', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  const clock = new FakeClock(Date.now());
  let assetId: string;
  let managerName: string;
  let mail: SmtpSimulator;

  const call = (method: string, path: string, body?: unknown, token = t.tokens.admin) =>
    api(s.url, method, path, { token, body });
  /** The manager signed in: a person assignee is recognised by the login's e-mail, not by an API token. */
  let managerSession: Record<string, string>;
  const asManager = (method: string, path: string, body?: unknown) =>
    api(s.url, method, path, { body, headers: managerSession });

  beforeAll(async () => {
    s = await startTestServer(dialect, { jobs: { workers: 2, leaseSeconds: 30, pollMs: 50 } }, { clock });
    t = await seedTenant(s.steward, 'approvals');
    // The operator user is the manager: their login is how the inbox recognises them.
    managerName = 'Maria Manager';
    const boss = await call('POST', '/api/v1/people', { email: t.users.operator.email, name: managerName });
    const employee = await call('POST', '/api/v1/people', {
      email: 'eve@example.com',
      name: 'Eve Employee',
      managerId: boss.body.id,
    });
    const asset = await call('POST', '/api/v1/assets', {
      kind: 'device',
      name: 'eve-mac',
      serialNumber: 'C02APPR',
    });
    assetId = asset.body.id;
    await call('POST', `/api/v1/assets/${assetId}/assign`, { personId: employee.body.id });
    const login = await api(s.url, 'POST', '/api/v1/auth/login', {
      body: { email: t.users.operator.email, password: t.users.operator.password },
    });
    mail = await startSmtpSimulator();
    const smtp = await call('POST', '/api/v1/connector-instances', {
      connectorId: 'smtp',
      name: 'Mail',
      config: mail.config,
      secrets: mail.secrets,
    });
    if (smtp.status !== 201) throw new Error(JSON.stringify(smtp.body));
    managerSession = {
      cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
      'x-csrf-token': login.body.csrfToken as string,
    };
  });
  afterAll(async () => {
    await mail?.close();
    await s?.stop();
  });

  async function create(definition: unknown): Promise<string> {
    const res = await call('POST', '/api/v1/workflows', definition);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  }

  async function start(workflowId: string, input: Record<string, unknown> = {}): Promise<string> {
    const res = await call('POST', `/api/v1/workflows/${workflowId}/runs`, { entityId: assetId, input });
    expect(res.status).toBe(202);
    return res.body.id as string;
  }

  const pendingOf = (runId: string, token = t.tokens.admin) =>
    until(`a pending request of ${runId}`, async () => {
      const res = await call('GET', '/api/v1/approvals?status=pending', undefined, token);
      const items = (res.body.items as Array<Approval & { runId: string }>).filter((a) => a.runId === runId);
      return items.length ? items : undefined;
    });

  const ended = (runId: string) =>
    until(`run ${runId} to end`, async () => {
      const run = await call('GET', `/api/v1/workflow-runs/${runId}`);
      return ['running', 'queued'].includes(run.body.status) ? undefined : run.body;
    });

  it('asks the subject’s manager, then the admins, each in turn, and follows the approved branch', async () => {
    const id = await create(
      approvalFlow('Two levels', {
        levels: [
          { assignee: { type: 'manager', of: 'subject.assignedPersonId' }, timeout: 'P1D' },
          { assignee: { type: 'role', role: 'admin' }, timeout: 'P1D' },
        ],
      }),
    );
    const runId = await start(id);
    const [first] = await pendingOf(runId);
    expect(first).toMatchObject({
      level: 0,
      levels: 2,
      title: 'Wipe eve-mac?',
      assignee: { type: 'person', name: managerName, via: 'manager' },
      subject: { kind: 'asset', id: assetId, name: 'eve-mac' },
    });
    const mine = await asManager('GET', '/api/v1/approvals?mine=true');
    expect(mine.body.items.map((a: Approval) => [a.id, a.canDecide])).toEqual([[first!.id, true]]);
    expect((await call('GET', '/api/v1/approvals?mine=true', undefined, t.tokens.viewer)).body.items).toEqual(
      [],
    );
    const refused = await call(
      'POST',
      `/api/v1/approvals/${first!.id}/decision`,
      { decision: 'approve' },
      t.tokens.viewer,
    );
    expect(refused.status).toBe(403);

    const approved = await asManager('POST', `/api/v1/approvals/${first!.id}/decision`, {
      decision: 'approve',
      comment: 'fine',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', comment: 'fine', canDecide: false });

    const second = await until('the second level', async () => {
      const items = await pendingOf(runId);
      return items.find((a) => a.level === 1);
    });
    expect(second.assignee).toMatchObject({ type: 'role', role: 'admin' });
    const notTheirs = await asManager('POST', `/api/v1/approvals/${second.id}/decision`, {
      decision: 'approve',
    });
    expect(notTheirs.status).toBe(403);
    expect(
      (await call('POST', `/api/v1/approvals/${second.id}/decision`, { decision: 'approve' })).status,
    ).toBe(200);

    const run = await ended(runId);
    expect(run.status).toBe('succeeded');
    expect(run.vars).toEqual({ outcome: 'approved' });
    const ask = run.steps.find((st: { stepId: string }) => st.stepId === 'ask');
    expect(ask.output).toMatchObject({ decision: 'approved', level: 1 });
    const decided = await call('GET', '/api/v1/approvals?status=decided');
    const byManager = decided.body.items.find((a: Approval) => a.id === first!.id);
    expect(byManager).toMatchObject({ status: 'approved', decidedBy: t.users.operator.id, comment: 'fine' });
    const again = await call('POST', `/api/v1/approvals/${second.id}/decision`, { decision: 'reject' });
    expect(again.status).toBe(409);
  });

  it('passes a timed-out level to the escalation assignee once, then rejects when that times out too', async () => {
    const id = await create(
      approvalFlow('Escalates', {
        levels: [{ assignee: { type: 'person', person: 'input.approver' }, timeout: 'PT1H' }],
        onTimeout: 'escalate',
        escalateTo: { type: 'role', role: 'operator' },
      }),
    );
    const runId = await start(id, { approver: 'eve@example.com' });
    const [first] = await pendingOf(runId);
    expect(first).toMatchObject({ escalated: false, assignee: { type: 'person', name: 'Eve Employee' } });

    clock.advance(HOUR + 1000);
    const escalated = await until('the escalated request', async () =>
      (await pendingOf(runId)).find((a) => a.escalated),
    );
    expect(escalated).toMatchObject({ level: 0, assignee: { type: 'role', role: 'operator' } });
    const decided = await call('GET', '/api/v1/approvals?status=decided');
    expect(decided.body.items.find((a: Approval) => a.id === first!.id)?.status).toBe('escalated');

    clock.advance(HOUR + 1000);
    const run = await ended(runId);
    expect(run.vars).toEqual({ outcome: 'rejected' });
    expect(run.steps.find((st: { stepId: string }) => st.stepId === 'ask').output).toMatchObject({
      decision: 'expired',
    });
  });

  it('decides through a signed link without a login, once, and refuses any other token', async () => {
    const id = await create(
      approvalFlow('By link', { levels: [{ assignee: { type: 'person', person: 'input.approver' } }] }),
    );
    const runId = await start(id, { approver: 'eve@example.com' });
    const [request] = await pendingOf(runId);
    const signer = new LinkSigner(s.steward.store.db, 'workflow-approval');
    const token = await signer.sign(`${request!.id}:reject`);

    const shown = await api(s.url, 'GET', `/api/v1/approval-links/${token}`, {});
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ title: 'Wipe eve-mac?', decision: 'reject', status: 'pending' });
    const forged = `${request!.id}:approve.${token.split('.').pop()}`;
    expect((await api(s.url, 'POST', `/api/v1/approval-links/${forged}`, { body: {} })).status).toBe(404);
    const otherPurpose = await new LinkSigner(s.steward.store.db, 'attestation').sign(
      `${request!.id}:approve`,
    );
    expect((await api(s.url, 'GET', `/api/v1/approval-links/${otherPurpose}`, {})).status).toBe(404);

    const done = await api(s.url, 'POST', `/api/v1/approval-links/${token}`, {
      body: { comment: 'not lost' },
    });
    expect(done.status).toBe(204);
    const run = await ended(runId);
    expect(run.vars).toEqual({ outcome: 'rejected' });
    expect(run.steps.find((st: { stepId: string }) => st.stepId === 'ask').output).toMatchObject({
      decision: 'rejected',
      comment: 'not lost',
    });
    expect((await api(s.url, 'POST', `/api/v1/approval-links/${token}`, { body: {} })).status).toBe(409);
  });

  it('e-mails the approver signed links that decide without a login, once each', async () => {
    const id = await create(
      approvalFlow('Mailed', {
        levels: [{ assignee: { type: 'manager', of: 'subject.assignedPersonId' } }],
        notify: { instance: 'Mail' },
      }),
    );
    const runId = await start(id);
    await pendingOf(runId);
    const message = await until('the approval e-mail', async () =>
      mail.state.messages.find((m) => m.subject === 'Approval needed: Wipe eve-mac?'),
    );
    expect(message.envelope.to).toEqual([t.users.operator.email]);
    const links = [...(message.text ?? '').matchAll(/\/approve\/(\S+)/g)].map((m) => m[1]!);
    expect(links).toHaveLength(2);
    const [approve] = links;
    const shown = await api(s.url, 'GET', `/api/v1/approval-links/${approve}`, {});
    expect(shown.body).toMatchObject({ decision: 'approve', workflowName: 'Mailed', status: 'pending' });
    expect((await api(s.url, 'POST', `/api/v1/approval-links/${approve}`, { body: {} })).status).toBe(204);
    const run = await ended(runId);
    expect(run.vars).toEqual({ outcome: 'approved' });
    // The step was not re-run by its wake-up: one e-mail, whatever the retries.
    expect(mail.state.messages.filter((m) => m.subject === 'Approval needed: Wipe eve-mac?')).toHaveLength(1);
  });

  it('closes the open requests of a cancelled run', async () => {
    const id = await create(
      approvalFlow('Cancelled', { levels: [{ assignee: { type: 'role', role: 'admin' } }] }),
    );
    const runId = await start(id);
    const [request] = await pendingOf(runId);
    expect((await call('POST', `/api/v1/workflow-runs/${runId}/cancel`)).status).toBe(200);
    const decided = await call('GET', '/api/v1/approvals?status=decided');
    expect(decided.body.items.find((a: Approval) => a.id === request!.id)?.status).toBe('cancelled');
    expect(
      (await call('POST', `/api/v1/approvals/${request!.id}/decision`, { decision: 'approve' })).status,
    ).toBe(409);
  });
});
