// Every built-in preset, run against its vendor's simulator through a real instance of its connector:
// the requests must be the ones the vendor API takes, and their effect must show in the vendor.
import { afterAll, describe, expect, it } from 'vitest';
import { instantiateConnector, type Transport } from '@steward/sdk';
import { simulatedFleet, type SimulatorDefinition, type SimulatorServer } from '@steward/sdk/simulator';
import { BUILT_IN_CONNECTORS } from '../builtin.js';
import { SIMULATORS } from '../simulators.js';
import { compileDefinition } from './definition.compile.js';
import { BUILT_IN_PRESETS } from './presets.builtin.js';
import { runDefinition, type HttpActionContext } from './run.js';

const fleet = simulatedFleet({ devices: 30, seed: 5 });
const servers: SimulatorServer[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.close())));

async function open(simulator: SimulatorDefinition): Promise<Transport> {
  const started = await simulator.start({ fleet, port: 0, host: '127.0.0.1' });
  servers.push(started.server);
  const connector = BUILT_IN_CONNECTORS.find((c) => c.id === simulator.connectorId);
  if (!connector) throw new Error(`no connector ${simulator.connectorId}`);
  return instantiateConnector(connector, { config: started.config, secrets: started.secrets }).http;
}

function preset(id: string) {
  const found = BUILT_IN_PRESETS.find((p) => p.id === id);
  if (!found) throw new Error(`no preset ${id}`);
  return found;
}

async function runPreset(http: Transport, id: string, key: string, input: Record<string, unknown> = {}) {
  const p = preset(id);
  const context: HttpActionContext = {
    input,
    entity: null,
    target: { kind: p.targetKind ?? 'asset', key },
    idempotencyKey: `test-${id}`,
    now: new Date().toISOString(),
    instance: { id: 'i1', name: 'test', connectorId: p.connectorId },
  };
  return runDefinition(http, compileDefinition(p.definition, 'definition'), context, {
    dryRun: false,
    at: 'definition',
  });
}

describe('built-in presets against the vendor simulators', () => {
  it('every preset compiles and names a connector Steward ships', () => {
    for (const p of BUILT_IN_PRESETS) {
      expect(() => compileDefinition(p.definition, p.id)).not.toThrow();
      expect(BUILT_IN_CONNECTORS.map((c) => c.id)).toContain(p.connectorId);
    }
  });

  it('Jamf Pro: remote device lock and restart queue MDM commands for the computer', async () => {
    const http = await open(SIMULATORS.jamf as SimulatorDefinition);
    const page = (await http.request({ path: '/api/v1/computers-inventory', query: { 'page-size': 1 } }))
      .json as { results: { id: string }[] };
    const id = page.results[0]?.id ?? '';
    const locked = await runPreset(http, 'builtin.jamf-pro.remote-lock', id, { pin: '112233' });
    const restarted = await runPreset(http, 'builtin.jamf-pro.restart', id);
    const detail = (await http.request({ path: `/api/v1/computers-inventory-detail/${id}` })).json as {
      general: { managementId: string };
    };
    const commands = (
      await http.request({
        path: '/api/v2/mdm/commands',
        query: { filter: `clientManagementId==${detail.general.managementId}` },
      })
    ).json as { results: { uuid: string; commandType: string }[] };
    expect(commands.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          uuid: (locked.output as { commandId: string }).commandId,
          commandType: 'DEVICE_LOCK',
        }),
        expect.objectContaining({
          uuid: (restarted.output as { commandId: string }).commandId,
          commandType: 'RESTART_DEVICE',
        }),
      ]),
    );
  });

  it('Microsoft Intune: remote lock and sync are accepted for the managed device', async () => {
    const http = await open(SIMULATORS.intune as SimulatorDefinition);
    const list = (await http.request({ path: '/v1.0/deviceManagement/managedDevices', query: { $top: 1 } }))
      .json as { value: { id: string }[] };
    const id = list.value[0]?.id ?? '';
    expect((await runPreset(http, 'builtin.microsoft-intune.remote-lock', id)).output).toEqual({
      status: 204,
    });
    await runPreset(http, 'builtin.microsoft-intune.sync', id);
    const device = (await http.request({ path: `/v1.0/deviceManagement/managedDevices/${id}` })).json as {
      deviceActionResults: { actionName: string }[];
    };
    expect(device.deviceActionResults.map((r) => r.actionName)).toEqual(
      expect.arrayContaining(['remoteLock', 'syncDevice']),
    );
  });

  it('CrowdStrike Falcon: contain moves the host to containment pending', async () => {
    const http = await open(SIMULATORS.crowdstrike as SimulatorDefinition);
    const ids = (await http.request({ path: '/devices/queries/devices/v1', query: { limit: 1 } })).json as {
      resources: string[];
    };
    const id = ids.resources[0] ?? '';
    const ran = await runPreset(http, 'builtin.crowdstrike-falcon.contain', id);
    expect(ran.output).toEqual({ hostId: id });
    const host = (await http.request({ path: '/devices/entities/devices/v2', query: { ids: id } })).json as {
      resources: { status: string }[];
    };
    expect(host.resources[0]?.status).toBe('containment_pending');
  });

  it('Okta: suspend user leaves the user SUSPENDED', async () => {
    const http = await open(SIMULATORS.okta as SimulatorDefinition);
    const users = (
      await http.request({ path: '/api/v1/users', query: { limit: 1, filter: 'status eq "ACTIVE"' } })
    ).json as { id: string }[];
    const ran = await runPreset(http, 'builtin.okta.suspend', users[0]?.id ?? '');
    expect(ran.output).toEqual({ status: 'SUSPENDED' });
  });

  it('Google Workspace: suspend user sets suspended', async () => {
    const http = await open(SIMULATORS['google-workspace'] as SimulatorDefinition);
    const list = (
      await http.request({
        path: '/admin/directory/v1/users',
        query: { customer: 'my_customer', maxResults: 5, query: 'isSuspended=false' },
      })
    ).json as { users: { id: string; suspended: boolean; isAdmin: boolean }[] };
    // Not the admin the connector signs in as: suspending it would lock the connector out.
    const user = list.users.find((u) => !u.suspended && !u.isAdmin);
    expect((await runPreset(http, 'builtin.google-workspace.suspend', user?.id ?? '')).output).toEqual({
      suspended: true,
    });
    const after = (
      await http.request({
        path: '/admin/directory/v1/users',
        query: { customer: 'my_customer', maxResults: 500, query: 'isSuspended=true' },
      })
    ).json as { users: { id: string }[] };
    expect(after.users.map((u) => u.id)).toContain(user?.id);
  });
});
