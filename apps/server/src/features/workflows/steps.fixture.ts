// The world the step tests run in: a real server on a controllable clock, a tenant, and an SMTP instance
// ("Mail") on the SMTP simulator; with helpers to create workflows, start runs and wait for them.
import { startSmtpSimulator, type SmtpSimulator } from '@steward/connector-smtp/simulator';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Dialect } from '../../platform/db/index.js';
import { FakeClock } from '../../test/clock.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { until } from '../../test/until.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface StepView {
  stepId: string;
  status: string;
  output: Record<string, unknown> | null;
  attempts: number;
}

/** Registers the world's beforeAll/afterAll in the calling describe block. */
export function useStepsWorld(dialect: Dialect, slug: string) {
  let s!: TestServer;
  let t!: SeededTenant;
  let mail!: SmtpSimulator;
  const clock = new FakeClock(Date.now());
  let serial = 1000;

  const call = (method: string, path: string, body?: unknown) =>
    api(s.url, method, path, { token: t.tokens.admin, body });

  beforeAll(async () => {
    s = await startTestServer(dialect, { jobs: { workers: 2, leaseSeconds: 30, pollMs: 50 } }, { clock });
    t = await seedTenant(s.steward, slug);
    mail = await startSmtpSimulator();
    const smtp = await call('POST', '/api/v1/connector-instances', {
      connectorId: 'smtp',
      name: 'Mail',
      config: mail.config,
      secrets: mail.secrets,
    });
    if (smtp.status !== 201) throw new Error(JSON.stringify(smtp.body));
  });
  afterAll(async () => {
    await mail?.close();
    await s?.stop();
  });

  async function asset(name: string): Promise<string> {
    const res = await call('POST', '/api/v1/assets', {
      kind: 'device',
      name,
      serialNumber: `STEP${serial++}`,
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  }

  async function create(definition: Record<string, unknown>): Promise<string> {
    const res = await call('POST', '/api/v1/workflows', { trigger: { type: 'manual' }, ...definition });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  }

  async function start(workflowId: string, body: Record<string, unknown> = {}) {
    const res = await call('POST', `/api/v1/workflows/${workflowId}/runs`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body as { id: string; status: string };
  }

  const run = async (id: string) => (await call('GET', `/api/v1/workflow-runs/${id}`)).body;
  const ended = (id: string) =>
    until(`run ${id} to end`, async () => {
      const r = await run(id);
      return ['running', 'queued', 'compensating'].includes(r.status) ? undefined : r;
    });
  const waitingAt = (id: string, stepId: string) =>
    until(`${stepId} of ${id} to wait`, async () => {
      const r = await run(id);
      return r.steps.find((st: StepView) => st.stepId === stepId && st.status === 'waiting');
    });
  const stepOf = (r: { steps: StepView[] }, stepId: string) => r.steps.find((st) => st.stepId === stepId);

  return {
    clock,
    server: () => s,
    tenant: () => t,
    mail: () => mail,
    call,
    asset,
    create,
    start,
    run,
    ended,
    waitingAt,
    stepOf,
  };
}
