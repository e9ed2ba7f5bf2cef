import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/stores.js';
import { api } from '../../test/server.js';
import {
  createJamfInstance,
  startConnectorWorld,
  syncNow,
  waitForRun,
  type ConnectorWorld,
} from './connectors.fixture.js';

describeEachDialect('connector syncs', (dialect) => {
  let w: ConnectorWorld;
  beforeAll(async () => {
    w = await startConnectorWorld(dialect, 40);
  });
  afterAll(async () => w?.close());

  const assetCount = async () => {
    const res = await api(w.server.url, 'GET', '/api/v1/assets?limit=1&count=true', {
      token: w.tenant.tokens.viewer,
    });
    return res.body.total as number;
  };

  it('syncs every Jamf record through the pipeline, with history, and skips unchanged data the second time', async () => {
    const instance = await createJamfInstance(w, { name: 'Jamf main' });
    const queued = await syncNow(w, instance.id);
    expect(queued.status).toBe('queued');
    const again = await api(w.server.url, 'POST', `/api/v1/connector-instances/${instance.id}/syncs`, {
      token: w.tenant.tokens.operator,
    });
    expect([202, 409]).toContain(again.status);

    const run = await waitForRun(w, queued.id);
    expect(run.status).toBe('succeeded');
    expect(run.counts.read).toBe(w.jamfDevices);
    expect(run.counts.failed).toBe(0);
    expect(run.counts.created).toBe(w.jamfDevices);
    expect(run.streams.every((s) => s.done)).toBe(true);
    expect(await assetCount()).toBe(w.jamfDevices);

    const second = await waitForRun(w, (await syncNow(w, instance.id)).id);
    expect(second.counts).toMatchObject({ read: w.jamfDevices, unchanged: w.jamfDevices, failed: 0 });
    expect(second.counts.created ?? 0).toBe(0);

    const history = await api(w.server.url, 'GET', `/api/v1/connector-instances/${instance.id}/runs`, {
      token: w.tenant.tokens.viewer,
    });
    expect(history.body.items.map((r: { id: string }) => r.id)).toEqual([second.id, run.id]);
    expect(history.body.items[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it('survives token expiry mid-sync, 429s with and without Retry-After and a burst of 5xx without a failed record', async () => {
    const instance = await createJamfInstance(w, { name: 'Jamf faults', sourceKey: 'jamf-faults' });
    w.jamf.server.faults.inject(
      { type: 'expire_tokens', after: 2 },
      { type: 'rate_limit', times: 1, retryAfterSeconds: 1, after: 3 },
      { type: 'rate_limit', times: 1, after: 4 },
      { type: 'server_error', times: 2, status: 503, after: 5 },
    );
    const run = await waitForRun(w, (await syncNow(w, instance.id)).id);
    expect(run.status).toBe('succeeded');
    expect(run.counts.failed).toBe(0);
    expect(run.counts.read).toBe(w.jamfDevices);
    expect(w.jamf.server.faults.pending).toBe(0);
    expect(run.counts.retry ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('resumes an interrupted sync from its checkpoint instead of starting over', async () => {
    const instance = await createJamfInstance(w, { name: 'Jamf resume', sourceKey: 'jamf-resume' });
    const before = w.jamf.server.requests.length;
    // Two pages go through, then the server fails every request until the faults are cleared.
    w.jamf.server.faults.inject({ type: 'server_error', times: 1000, status: 500, after: 3 });
    const queued = await syncNow(w, instance.id);
    const stuck = await waitForRun(w, queued.id, (r) => r.error !== null);
    expect(stuck.status).toBe('running');
    const checkpointed = stuck.counts.read;
    expect(checkpointed).toBeGreaterThan(0);
    expect(checkpointed).toBeLessThan(w.jamfDevices);
    w.jamf.server.faults.clear();

    const run = await waitForRun(w, queued.id);
    expect(run.status).toBe('succeeded');
    expect(run.counts.read).toBe(w.jamfDevices);
    const firstPages = w.jamf.server.requests
      .slice(before)
      .filter(
        (r) => r.status === 200 && /computers-inventory$/.test(r.path) && /[?&]page=0(&|$)/.test(r.query),
      );
    expect(firstPages).toHaveLength(1);
  });

  it('records a malformed record as a per-record error and syncs the rest', async () => {
    const instance = await createJamfInstance(w, { name: 'Jamf malformed', sourceKey: 'jamf-malformed' });
    const victim = w.fleet.devices.find((d) => d.inJamf && d.deviceType === 'laptop');
    if (!victim) throw new Error('fleet has no Jamf laptop');
    w.jamf.server.malformed.add(victim.id);
    try {
      const run = await waitForRun(w, (await syncNow(w, instance.id)).id);
      expect(run.status).toBe('succeeded');
      expect(run.counts.failed).toBe(1);
      expect(run.counts.read).toBe(w.jamfDevices);
      const errs = await api(w.server.url, 'GET', `/api/v1/connector-runs/${run.id}/errors`, {
        token: w.tenant.tokens.viewer,
      });
      expect(errs.body.items).toHaveLength(1);
      expect(errs.body.items[0].stream).toBe('computers');
    } finally {
      w.jamf.server.malformed.clear();
    }
  });
});
