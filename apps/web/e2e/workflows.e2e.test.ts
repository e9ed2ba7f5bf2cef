// Browser test of workflows: the Disposal playbook created from its template and drawn as a graph; a
// step edited (a broken expression refused at that step, then fixed), a step added from the palette and
// connected by dragging from a handle, a preset from the catalog added and removed, saved as version 2
// and read back as YAML and JSON; a dry run, then a test run against an asset followed on its timeline; and an approval
// decided from the inbox while another waiting run is cancelled — against the real server (a separate
// process), whose engine runs every step (condition, set_variable, approval) without any vendor.
import { startSmtpSimulator, type SmtpSimulator } from '@steward/connector-smtp/simulator';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, apiClient, type ApiClient } from './api.js';
import { ADMIN, assertWebBuilt, chromiumOrSkipReason, launch, newPage, signIn, WAIT } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const target = chromiumOrSkipReason();
const skipReason = 'skip' in target ? target.skip : null;
const SERIAL = 'WFE2E00001';
const LOCK = 'builtin.jamf-pro.remote-lock';

interface Step {
  id: string;
  type: string;
  [field: string]: unknown;
}
interface Workflow {
  id: string;
  version: number;
  enabled: boolean;
  definition: { start: string; steps: Step[] };
}
interface Run {
  id: string;
  status: string;
  steps: { stepId: string; status: string }[];
}
interface Approval {
  id: string;
  runId: string;
  status: string;
  comment: string | null;
}

describe('web UI: workflows', { timeout: 120_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let api: ApiClient;
  let assetId = '';
  let workflowId = '';
  let mail: SmtpSimulator | undefined;
  const pageErrors: string[] = [];

  const attr = (testId: string, name: string) =>
    page.getByTestId(testId).evaluateAll((els, n) => els.map((e) => e.getAttribute(n)), name);
  const nodeIds = async () => ((await attr('step-node', 'data-step-id')) as string[]).sort();
  const edgeIds = async () =>
    (
      await page
        .locator('[data-testid^="rf__edge-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
    ).sort();
  const node = (id: string) => page.locator(`[data-testid="step-node"][data-step-id="${id}"]`);
  const handle = (nodeId: string, handleId: string) =>
    page.locator(`.react-flow__handle[data-nodeid="${nodeId}"][data-handleid="${handleId}"]`);
  const saveResponse = (id: string): Promise<Response> =>
    page.waitForResponse(
      (r) => r.url().endsWith(`/api/v1/workflows/${id}`) && r.request().method() === 'PUT',
    );

  beforeAll(async () => {
    if (!('path' in target)) return;
    assertWebBuilt();
    server = await startServer(ADMIN);
    api = apiClient(server.url, await adminToken(server.url, ADMIN));
    assetId = (
      await api.post<{ id: string }>('/api/v1/assets', {
        kind: 'device',
        name: 'Workflow test Mac',
        serialNumber: SERIAL,
      })
    ).id;
    browser = await launch(target.path);
    page = await newPage(browser, pageErrors);
    await signIn(page, server.url, '/workflows');
  });

  afterAll(async () => {
    await mail?.close();
    await browser?.close();
    await server?.stop();
    expect(pageErrors).toEqual([]);
  });

  it('creates a workflow from the Disposal template, draws its steps, and switches it on', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    await page.getByTestId('workflows-empty').waitFor();
    await page.getByTestId('workflow-new-template').click();
    await page.getByTestId('template-select').click();
    await page.getByRole('option', { name: 'Disposal', exact: true }).click();
    expect(await page.getByTestId('template-description').textContent()).toMatch(/legal hold/);
    // Without the Jamf instance the server names the missing parameter at its field.
    await page.getByTestId('template-create').click();
    await page.getByText(/required \(Jamf Pro instance\)/).waitFor();
    await page.getByTestId('template-param-jamf').fill('Jamf nowhere');
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/workflows/templates/disposal')),
      page.getByTestId('template-create').click(),
    ]);
    expect(created.status()).toBe(201);
    expect(created.request().postDataJSON()).toEqual({ parameters: { jamf: 'Jamf nowhere' } });
    await page.waitForURL(/\/workflows\/(?!runs)[^/?]+$/);
    workflowId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    // The definition as a graph: a node per step, an edge per successor, the start marked.
    expect(await page.getByTestId('workflow-title').textContent()).toBe('Disposal');
    await expect.poll(nodeIds, WAIT).toEqual(['delete', 'hold']);
    expect(await edgeIds()).toEqual(['hold:else']);
    expect(await node('hold').getByText('start').count()).toBe(1);
    const [holdBox, deleteBox] = [await node('hold').boundingBox(), await node('delete').boundingBox()];
    expect(deleteBox!.y).toBeGreaterThan(holdBox!.y + holdBox!.height);

    // The list: trigger, version, never run; the switch enables it.
    await page.getByTestId('back-to-workflows').click();
    const row = page.locator(`[data-testid="workflow-row"][data-workflow-id="${workflowId}"]`);
    expect(await row.getByTestId('workflow-trigger').textContent()).toBe('entity_changed');
    expect(await row.getByTestId('workflow-version').textContent()).toBe('1');
    await expect.poll(() => row.getByTestId('workflow-last-run').textContent(), WAIT).toBe('never run');
    const [patched] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PATCH'),
      // Controlled: it shows the server's answer, so it is clicked, not checked.
      row.getByTestId('workflow-enabled').click({ force: true }),
    ]);
    expect(patched.request().postDataJSON()).toEqual({ enabled: true });
    expect((await api.get<Workflow>(`/api/v1/workflows/${workflowId}`)).enabled).toBe(true);
    await expect.poll(() => row.getByTestId('workflow-enabled').isChecked(), WAIT).toBe(true);
  });

  it('edits a step (refused at the step, then fixed), adds and connects one, and saves version 2', async (ctx) => {
    if (skipReason || !server || !workflowId) return ctx.skip(skipReason ?? 'no workflow');
    await page.getByTestId('workflow-link').click();
    await node('hold').click();
    const panel = page.getByTestId('step-panel');
    await expect.poll(() => panel.getAttribute('data-step-id'), WAIT).toBe('hold');
    expect(await panel.getByTestId('step-field-if').inputValue()).toBe('subject.legalHold = true');

    // A broken expression: the server's reason is shown on the node and at the field.
    await panel.getByTestId('step-field-if').fill('subject.legalHold = (');
    expect(await page.getByTestId('workflow-unsaved').count()).toBe(1);
    const [refused] = await Promise.all([
      saveResponse(workflowId),
      page.getByTestId('workflow-save').click(),
    ]);
    expect(refused.status()).toBe(400);
    await expect.poll(() => node('hold').getAttribute('data-invalid'), WAIT).toBe('true');
    expect(await node('delete').getAttribute('data-invalid')).toBeNull();
    expect(await node('hold').getByTestId('step-node-error').textContent()).toMatch(/^if: /);
    expect(await attr('step-panel-error', 'data-field')).toEqual(['if']);
    expect(await panel.getByTestId('step-field-if-error').count()).toBe(1);

    // Fixed: held assets or not, the run now goes the `then` way.
    await panel.getByTestId('step-field-if').fill('true');
    // A step from the palette, unconnected after a condition, connected by dragging from "then".
    await page.getByTestId('palette-set_variable').click();
    await expect.poll(nodeIds, WAIT).toEqual(['delete', 'hold', 'set_variable']);
    await handle('hold', 'then').dragTo(handle('set_variable', 'in'));
    await expect.poll(edgeIds, WAIT).toEqual(['hold:else', 'hold:then']);

    // The preset catalog finds "jamf lock"; added after the selected step, then removed again.
    await page.getByTestId('preset-catalog-search').fill('jamf lock');
    const items = page.getByTestId('preset-catalog-item');
    await expect.poll(() => attr('preset-catalog-item', 'data-preset-id'), WAIT).toEqual([LOCK]);
    await node('set_variable').click();
    await items.getByTestId('preset-catalog-add').click();
    await expect.poll(nodeIds, WAIT).toEqual(['delete', 'hold', 'remote-lock', 'set_variable']);
    expect(await edgeIds()).toContain('set_variable:next');
    expect(JSON.parse(await page.getByTestId('step-json').inputValue())).toMatchObject({
      type: 'preset',
      preset: LOCK,
      input: { pin: '""' },
    });
    await page.getByTestId('step-remove').click();
    await expect.poll(nodeIds, WAIT).toEqual(['delete', 'hold', 'set_variable']);

    const [saved] = await Promise.all([saveResponse(workflowId), page.getByTestId('workflow-save').click()]);
    expect(saved.status()).toBe(200);
    await expect.poll(() => page.getByTestId('workflow-page-version').textContent(), WAIT).toBe('version 2');
    expect(await page.getByTestId('workflow-unsaved').count()).toBe(0);
    expect(await node('hold').getAttribute('data-invalid')).toBeNull();
    const stored = await api.get<Workflow>(`/api/v1/workflows/${workflowId}`);
    expect(stored.version).toBe(2);
    expect(stored.definition.steps.map((s) => s.id)).toEqual(['hold', 'delete', 'set_variable']);
    expect(stored.definition.steps[0]).toMatchObject({ if: 'true', then: 'set_variable', else: 'delete' });
    expect(stored.definition.steps[2]).toMatchObject({ type: 'set_variable', next: null });

    // The saved version as YAML, then JSON.
    await page.getByTestId('tab-text').click();
    const text = page.getByTestId('definition-text');
    await expect.poll(() => text.inputValue(), WAIT).toContain('type: set_variable');
    await page.getByTestId('definition-format').getByText('JSON').click();
    await expect.poll(() => text.getAttribute('data-format'), WAIT).toBe('json');
    expect(JSON.parse(await text.inputValue())).toEqual(stored.definition);
  });

  it('test-runs against an asset and follows the timeline; decides an approval; cancels a waiting run', async (ctx) => {
    if (skipReason || !server || !workflowId) return ctx.skip(skipReason ?? 'no workflow');
    await page.getByTestId('tab-runs').click();
    await page.getByTestId('runs-empty').waitFor();
    const panel = page.getByTestId('test-run');
    await panel.getByTestId('run-entity').fill(SERIAL);
    await page.getByRole('option', { name: new RegExp(SERIAL) }).click();

    // A dry run says what each step would do, and records no run.
    await panel.getByTestId('test-run-dry').check();
    const [dry] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/workflows/${workflowId}/dry-run`)),
      panel.getByTestId('test-run-start').click(),
    ]);
    expect(dry.status()).toBe(200);
    expect(dry.request().postDataJSON()).toEqual({ entityId: assetId, input: {} });
    const preview = panel.getByTestId('dry-run-result');
    await expect.poll(() => attr('dry-run-step', 'data-step-id'), WAIT).toEqual(['hold', 'set_variable']);
    const would = await preview
      .getByTestId('dry-run-step-would')
      .evaluateAll((els) => els.map((e) => JSON.parse(e.textContent ?? '') as unknown));
    expect(would).toEqual([{ holds: true }, { result: 'done' }]);
    expect(await preview.getByTestId('dry-run-step-next').allTextContents()).toEqual([
      'then set_variable',
      'then ends',
    ]);
    expect((await api.get<{ items: Run[] }>(`/api/v1/workflows/${workflowId}/runs`)).items).toEqual([]);

    await page.getByTestId('test-run-dry').uncheck();
    const [started] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/workflows/${workflowId}/runs`)),
      page.getByTestId('test-run-start').click(),
    ]);
    expect(started.status()).toBe(202);
    const runId = ((await started.json()) as Run).id;
    await page.waitForURL(`${server.url}/workflows/runs/${runId}`);
    const runPage = page.getByTestId('run-page');
    await expect.poll(() => runPage.getAttribute('data-status'), WAIT).toBe('succeeded');
    await expect
      .poll(
        async () => [await attr('timeline-step', 'data-step-id'), await attr('timeline-step', 'data-status')],
        WAIT,
      )
      .toEqual([
        ['hold', 'set_variable'],
        ['succeeded', 'succeeded'],
      ]);
    expect(await page.getByTestId('run-cancel').count()).toBe(0);
    const variable = page.locator('[data-testid="timeline-step"][data-step-id="set_variable"]');
    await variable.getByTestId('timeline-step-toggle').click();
    await expect
      .poll(() => variable.getByTestId('timeline-step-output').textContent(), WAIT)
      .toContain('done');
    expect(await page.getByTestId('run-vars').textContent()).toContain('"result": "done"');

    // Its workflow's runs list it; so does the list of workflows, as the last run.
    await page.getByTestId('run-workflow-link').click();
    const runRow = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
    await expect.poll(() => runRow.getAttribute('data-status'), WAIT).toBe('succeeded');
    await page.getByTestId('nav-workflows').click();
    const row = page.locator(`[data-testid="workflow-row"][data-workflow-id="${workflowId}"]`);
    await expect
      .poll(() => row.getByTestId('workflow-last-run').getAttribute('data-status'), WAIT)
      .toBe('succeeded');

    // An approval asked of admins: two runs wait; one is approved from the inbox, the other cancelled.
    const gate = await api.post<Workflow>('/api/v1/workflows', {
      name: 'Approve, then note',
      trigger: { type: 'manual' },
      start: 'ask',
      steps: [
        {
          id: 'ask',
          type: 'approval',
          title: 'Go ahead with {{ input.ticket }}?',
          levels: [{ assignee: { type: 'role', role: 'admin' }, timeout: 'P3D' }],
          approved: 'note',
        },
        { id: 'note', type: 'set_variable', variable: 'approved', value: 'true' },
      ],
    });
    const start = (ticket: string) =>
      api.post<Run>(`/api/v1/workflows/${gate.id}/runs`, { input: { ticket } });
    const [approveMe, cancelMe] = [await start('CHG-1'), await start('CHG-2')];
    const approvalOf = async (runId: string) =>
      (await api.get<{ items: Approval[] }>('/api/v1/approvals?status=all')).items.find(
        (a) => a.runId === runId,
      );
    await expect.poll(async () => (await approvalOf(cancelMe.id))?.status, WAIT).toBe('pending');

    await page.getByTestId('nav-approvals').click();
    const card = page.getByTestId('approval').filter({ hasText: 'Go ahead with CHG-1?' });
    await card.waitFor();
    expect(await page.getByTestId('approval').count()).toBe(2);
    expect(await card.getByTestId('approval-assignee').textContent()).toBe('For the admin role');
    await card.getByTestId('approval-comment').fill('Change board said yes');
    const [decided] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/decision')),
      card.getByTestId('approval-approve').click(),
    ]);
    expect(decided.status()).toBe(200);
    expect(decided.request().postDataJSON()).toEqual({
      decision: 'approve',
      comment: 'Change board said yes',
    });
    await expect.poll(() => page.getByTestId('approval').count(), WAIT).toBe(1);
    await expect
      .poll(async () => (await api.get<Run>(`/api/v1/workflow-runs/${approveMe.id}`)).status, WAIT)
      .toBe('succeeded');
    await page.getByTestId('approvals-filter').getByText('Decided').click();
    const done = page.locator('[data-testid="approval"][data-status="approved"]');
    await expect
      .poll(() => done.getByTestId('approval-decided').textContent(), WAIT)
      .toContain('Change board said yes');

    // The other run waits at its approval until its due time; cancelled from its page.
    await page.goto(`${server.url}/workflows/runs/${cancelMe.id}`);
    const ask = page.locator('[data-testid="timeline-step"][data-step-id="ask"]');
    await expect.poll(() => ask.getAttribute('data-status'), WAIT).toBe('waiting');
    expect(await ask.getByTestId('timeline-step-wake').textContent()).toMatch(/waits until/);
    const [cancelled] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/workflow-runs/${cancelMe.id}/cancel`)),
      page.getByTestId('run-cancel').click(),
    ]);
    expect(cancelled.status()).toBe(200);
    await expect.poll(() => page.getByTestId('run-page').getAttribute('data-status'), WAIT).toBe('cancelled');
    expect(await page.getByTestId('run-cancel').count()).toBe(0);
  });

  it('approves from the link in the approval e-mail, on a page that asks before deciding', async (ctx) => {
    if (skipReason || !server) return ctx.skip(skipReason ?? 'no server');
    mail = await startSmtpSimulator();
    await api.post('/api/v1/connector-instances', {
      connectorId: 'smtp',
      name: 'Mail',
      config: mail.config,
      secrets: mail.secrets,
    });
    const gate = await api.post<Workflow>('/api/v1/workflows', {
      name: 'Approve by mail',
      trigger: { type: 'manual' },
      start: 'ask',
      steps: [
        {
          id: 'ask',
          type: 'approval',
          title: 'Reimage {{ input.host }}?',
          levels: [{ assignee: { type: 'role', role: 'admin' } }],
          notify: { instance: 'Mail' },
          approved: 'note',
        },
        { id: 'note', type: 'set_variable', variable: 'approved', value: 'true' },
      ],
    });
    const run = await api.post<Run>(`/api/v1/workflows/${gate.id}/runs`, { input: { host: 'mac-42' } });
    await expect
      .poll(() => mail?.state.messages.find((m) => m.subject === 'Approval needed: Reimage mac-42?'), WAIT)
      .toBeTruthy();
    const message = mail.state.messages.find((m) => m.subject === 'Approval needed: Reimage mac-42?');
    expect(message?.envelope.to).toEqual([ADMIN.email]);
    const approveUrl = /Approve: (\S+)/.exec(message?.text ?? '')?.[1] ?? '';
    expect(approveUrl.startsWith(`${server.url}/approve/`)).toBe(true);

    // A fresh browser context: the link needs no sign-in, and opening it decides nothing.
    const context = await browser!.newContext();
    const linkPage = await context.newPage();
    await linkPage.goto(approveUrl);
    await linkPage.getByTestId('approve-link-confirm').waitFor();
    expect(await linkPage.getByRole('heading').first().textContent()).toBe('Approve: Reimage mac-42?');
    expect((await api.get<Run>(`/api/v1/workflow-runs/${run.id}`)).status).toBe('running');
    await linkPage.getByTestId('approve-link-comment').fill('Go');
    await linkPage.getByTestId('approve-link-confirm').click();
    await linkPage.getByTestId('approve-link-done').waitFor();
    await expect
      .poll(async () => (await api.get<Run>(`/api/v1/workflow-runs/${run.id}`)).status, WAIT)
      .toBe('succeeded');
    // The same link again: already decided, nothing more to do.
    await linkPage.reload();
    await expect
      .poll(() => linkPage.getByTestId('approve-link-done').textContent(), WAIT)
      .toContain('already approved');
    await context.close();
  });
});
