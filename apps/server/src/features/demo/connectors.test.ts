import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulatedFleet } from '@steward/sdk/simulator';
import { describeEachDialect } from '../../test/stores.js';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { DEMO_FLEET, startDemoConnectors, type DemoConnectors } from './connectors.js';

describeEachDialect('demo connectors', (dialect) => {
  let server: TestServer;
  let tenant: SeededTenant;
  let demo: DemoConnectors | undefined;
  beforeAll(async () => {
    server = await startTestServer(dialect, { jobs: { workers: 2, leaseSeconds: 30, pollMs: 50 } });
    tenant = await seedTenant(server.steward, 'demo');
  });
  afterAll(async () => {
    await demo?.close();
    await server?.stop();
  });

  it('connects the demo tenant to eight simulators and three playbooks; the four sources sync into one fleet', async () => {
    demo = await startDemoConnectors(server.steward.connectors, tenant.id);
    expect(demo.simulators).toHaveLength(8);
    const workflows = await api(server.url, 'GET', '/api/v1/workflows', { token: tenant.tokens.viewer });
    expect(
      workflows.body.items.map((w: { name: string; enabled: boolean }) => [w.name, w.enabled]).sort(),
    ).toEqual([
      ['Compromised device', true],
      ['Disposal', true],
      ['Lost or stolen', true],
    ]);
    const until = Date.now() + 60_000;
    let runs: { status: string; counts: Record<string, number> }[] = [];
    for (;;) {
      const list = await api(server.url, 'GET', '/api/v1/connector-instances', {
        token: tenant.tokens.viewer,
      });
      const items = list.body.items as {
        connectorId: string;
        lastRun: { status: string; counts: Record<string, number> } | null;
      }[];
      expect(items.map((i) => i.connectorId).sort()).toEqual([
        'crowdstrike-falcon',
        'jamf-pro',
        'microsoft-intune',
        'mimecast',
        'okta',
        'servicenow',
        'slack',
        'smtp',
      ]);
      // Action-only connectors have nothing to sync.
      const synced = items.filter(
        (i) => !['slack', 'servicenow', 'mimecast', 'smtp'].includes(i.connectorId),
      );
      expect(items.filter((i) => i.lastRun === null).length).toBe(4);
      runs = synced.map((i) => i.lastRun as { status: string; counts: Record<string, number> });
      if (runs.every((r) => r && (r.status === 'succeeded' || r.status === 'failed'))) break;
      if (Date.now() > until) throw new Error(`demo syncs still running: ${JSON.stringify(runs)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(runs.every((r) => (r.counts.failed ?? 0) === 0)).toBe(true);

    // Every fleet device any of the three device sources knows is one asset: joined, not duplicated.
    const fleet = simulatedFleet(DEMO_FLEET);
    const known = fleet.devices.filter((d) => d.inJamf || d.inIntune || d.inCrowdStrike).length;
    const assets = await api(server.url, 'GET', '/api/v1/assets?limit=1&count=true', {
      token: tenant.tokens.viewer,
    });
    expect(assets.body.total).toBe(known);
    const people = await api(server.url, 'GET', '/api/v1/people?limit=1&count=true', {
      token: tenant.tokens.viewer,
    });
    expect(people.body.total ?? people.body.items.length).toBeGreaterThan(0);
  });
});
