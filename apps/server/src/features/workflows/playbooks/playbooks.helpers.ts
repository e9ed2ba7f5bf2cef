// What the playbook tests share: a workflow made from a shipped template and enabled the way an admin
// does it, and waiting for the runs its real trigger starts. Entity-trigger scans can take a while to
// notice a change, so waits are generous; "nothing ran" is checked after a scan job the test queues and
// waits for, so that every change made so far has been seen.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { fromJson } from '../../../platform/db/index.js';
import { api, type TestServer } from '../../../test/server.js';
import { until } from '../../../test/until.js';
import { DATE_SCAN_JOB, TRIGGER_SCAN_JOB } from '../index.js';

export type Call = (method: string, path: string, body?: unknown) => ReturnType<typeof api>;

export interface StepView {
  path: string;
  stepId: string;
  status: string;
  output: Record<string, unknown> | null;
  error: string | null;
  wakeAt: string | null;
}

export interface RunView {
  id: string;
  status: string;
  error: string | null;
  subjectId: string | null;
  trigger: Record<string, unknown>;
  vars: Record<string, unknown>;
  steps: StepView[];
}

/** How long a triggered run may take to appear and to end (scans may lag a change by ~15 s). */
export const TRIGGER_MS = 30_000;
/** A playbook test waits for a few triggered runs in turn. */
export const PLAYBOOK_TEST_MS = 120_000;

/** A caller as one token, checking nothing: tests assert on status themselves. */
export function caller(url: string, token: string): Call {
  return (method, path, body) => api(url, method, path, { token, body });
}

/** Queues one job now and waits for it to succeed; its result. */
export async function runJobNow(
  steward: TestServer['steward'],
  input: { type: string; tenantId: string; payload: unknown },
): Promise<unknown> {
  const { job } = await steward.queue.enqueue({
    ...input,
    idempotencyKey: `${input.type}:test:${randomUUID()}`,
    maxAttempts: 1,
  });
  steward.connectors.wake?.();
  return until(
    `${input.type} job ${job.id}`,
    async () => {
      const row = await steward.store.db
        .selectFrom('jobs')
        .select(['status', 'result', 'last_error'])
        .where('id', '=', job.id)
        .executeTakeFirstOrThrow();
      if (row.status === 'dead' || row.status === 'cancelled')
        throw new Error(`${input.type} job ${row.status}: ${row.last_error ?? ''}`);
      return row.status === 'succeeded' ? (fromJson<unknown>(row.result) ?? {}) : undefined;
    },
    TRIGGER_MS,
  );
}

/** A date-trigger scan of the workflow, now; its counts. */
export const scanDatesNow = (steward: TestServer['steward'], tenantId: string, workflowId: string) =>
  runJobNow(steward, { type: DATE_SCAN_JOB, tenantId, payload: { tenantId, workflowId } });

export function playbooks(call: Call, scan: { steward: TestServer['steward']; tenantId: string }) {
  const runs = async (workflowId: string): Promise<RunView[]> => {
    const res = await call('GET', `/api/v1/workflows/${workflowId}/runs`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as RunView[];
  };
  const run = async (runId: string): Promise<RunView> =>
    (await call('GET', `/api/v1/workflow-runs/${runId}`)).body as RunView;
  const ended = (runId: string, ms = TRIGGER_MS) =>
    until(
      `run ${runId} to end`,
      async () => {
        const r = await run(runId);
        return ['running', 'queued'].includes(r.status) ? undefined : r;
      },
      ms,
    );
  /** Waits for the workflow's `n`th run (1-based, oldest first) to start. */
  const started = (workflowId: string, n = 1): Promise<RunView> =>
    until(
      `run ${n} of workflow ${workflowId}`,
      async () => {
        const all = await runs(workflowId);
        return all.length >= n ? [...all].sort((a, b) => a.id.localeCompare(b.id))[n - 1] : undefined;
      },
      TRIGGER_MS,
    );

  return {
    runs,
    run,
    ended,

    /** Creates a workflow from the template with these parameters and enables it; returns its id. */
    async enable(templateId: string, parameters: Record<string, string>, name?: string): Promise<string> {
      const created = await call('POST', `/api/v1/workflows/templates/${templateId}`, {
        parameters,
        ...(name ? { name } : {}),
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id as string;
      const enabled = await call('PATCH', `/api/v1/workflows/${id}`, { enabled: true });
      expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
      return id;
    },

    async disable(workflowId: string): Promise<void> {
      expect((await call('PATCH', `/api/v1/workflows/${workflowId}`, { enabled: false })).status).toBe(200);
    },

    /** Waits for the workflow's `n`th run (1-based, oldest first) to start and end. */
    async nthRun(workflowId: string, n = 1): Promise<RunView> {
      return ended((await started(workflowId, n)).id);
    },

    started,

    /** A scan of every change so far, now: after it, a run the changes should start has started. */
    async scanNow(): Promise<void> {
      const { tenantId } = scan;
      await runJobNow(scan.steward, { type: TRIGGER_SCAN_JOB, tenantId, payload: { tenantId } });
    },
  };
}

/** The run's steps as sorted `[path, status]` pairs. */
export const stepsOf = (run: RunView): [string, string][] =>
  run.steps.map((s): [string, string] => [s.path, s.status]).sort(([a], [b]) => a.localeCompare(b));

export const stepOf = (run: RunView, stepId: string): StepView | undefined =>
  run.steps.find((s) => s.stepId === stepId);
