// The hosts stream end to end on real HTTP: a full sync, test(), malformed records.
import { nonCanonicalAttributes } from '@steward/sdk';
import { formatMac, simulatedFleet } from '@steward/sdk/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { crowdstrikeFalcon } from './index.js';
import {
  DETAILS_PATH,
  FLEET_SEED,
  PAGE_SIZE,
  SCROLL_PATH,
  closeSimulators,
  instanceFor,
  requestsTo,
  sourceKeys,
  startSim,
  syncHosts,
} from './test-support.js';

afterEach(closeSimulators);

describe('crowdstrikeFalcon hosts stream', () => {
  it('declares itself as the CrowdStrike Falcon EDR connector', () => {
    expect(crowdstrikeFalcon).toMatchObject({
      id: 'crowdstrike-falcon',
      title: 'CrowdStrike Falcon',
      category: 'edr',
    });
    expect(crowdstrikeFalcon.streams.hosts).toMatchObject({ kind: 'device', mode: 'full' });
    expect(crowdstrikeFalcon.auth.secrets.map((s) => s.key)).toEqual(['clientSecret']);
  });

  it('syncs every host over several scroll pages, one details call per page', async () => {
    const sim = await startSim();
    const ids = sim.state.hostIds();
    const pages = Math.ceil(ids.length / PAGE_SIZE);
    expect(pages).toBeGreaterThanOrEqual(3);

    const { summary, observations, errors, checkpoints } = await syncHosts(instanceFor(sim));

    expect(errors).toEqual([]);
    expect(summary).toMatchObject({
      batches: pages,
      read: ids.length,
      mapped: ids.length,
      failed: 0,
      checkpoint: null,
    });
    expect(sourceKeys(observations)).toEqual([...ids].sort());
    expect(requestsTo(sim, SCROLL_PATH)).toBe(pages);
    expect(requestsTo(sim, DETAILS_PATH)).toBe(pages);
    // Every checkpoint but the last names the next page's token and the ids read so far.
    checkpoints
      .slice(0, -1)
      .forEach((c, i) => expect(c).toEqual({ token: expect.any(String), processed: (i + 1) * PAGE_SIZE }));
    expect(checkpoints.at(-1)).toBeNull();
    for (const o of observations) {
      expect(nonCanonicalAttributes(o)).toEqual([]);
      expect(o.attributes).toMatchObject({ edrPresent: true, edrHealthy: true });
    }
  });

  it('maps each host from the fleet device behind it; serial-less hosts match by MAC only', async () => {
    const sim = await startSim();
    const { observations } = await syncHosts(instanceFor(sim));
    const fleet = simulatedFleet({ devices: 40, seed: FLEET_SEED });
    let withoutSerial = 0;
    for (const device of fleet.devices.filter((d) => d.inCrowdStrike)) {
      const id = sim.state.hostIdOf(device);
      const o = observations.find((x) => x.sourceKey === id);
      expect(o, device.id).toBeDefined();
      if (!o) continue;
      const macs = [formatMac(device.wifiMac, 'dash')];
      if (device.ethernetMac) macs.push(formatMac(device.ethernetMac, 'dash'));
      if (device.edrWithoutSerial) {
        withoutSerial++;
        expect(o.identifiers).toEqual({ macAddresses: macs });
      } else {
        expect(o.identifiers).toEqual({ serialNumber: device.serialNumber, macAddresses: macs });
      }
      expect(o.observedAt).toBe(device.lastSeenAt.replace(/\.\d+Z$/, 'Z'));
      expect(o.attributes).toMatchObject({
        name: device.hostname,
        hostname: device.hostname,
        osName: device.platform,
        deviceType: device.deviceType,
        lastCheckinAt: o.observedAt,
      });
      expect(JSON.stringify(o)).not.toContain('@');
    }
    expect(withoutSerial).toBeGreaterThan(0);
  });

  it('reports each malformed host as one per-record error naming the field, and syncs the rest', async () => {
    const fleet = simulatedFleet({ devices: 40, seed: FLEET_SEED });
    const [first, second] = fleet.devices.filter((d) => d.inCrowdStrike);
    if (!first || !second) throw new Error('fleet has too few hosts');
    const probe = await startSim();
    const firstId = probe.state.hostIdOf(first) ?? '';
    const secondId = probe.state.hostIdOf(second) ?? '';
    // One named by host id when the simulator starts, one by fleet device id between syncs.
    const sim = await startSim({ malformed: [firstId] });
    sim.server.malformed.add(second.id);
    const { summary, observations, errors } = await syncHosts(instanceFor(sim));
    const n = sim.state.hostIds().length;
    expect(errors).toEqual([
      { recordKey: firstId, field: 'last_seen', message: expect.stringContaining('last_seen') },
      { recordKey: secondId, field: 'last_seen', message: expect.stringContaining('last_seen') },
    ]);
    expect(summary).toMatchObject({ read: n, failed: 2, mapped: n - 2 });
    expect(observations).toHaveLength(n - 2);
    expect(observations.map((o) => o.sourceKey)).not.toContain(firstId);
  });

  it('completes when a listed host disappears before its details are read', async () => {
    const sim = await startSim();
    const ids = sim.state.hostIds();
    const last = ids.at(-1) ?? '';
    const { summary, observations } = await syncHosts(instanceFor(sim), {
      onBatch: (outcome) => {
        if (outcome.batch === 1) sim.state.apply('hide_host', last);
      },
    });
    expect(summary.read).toBe(ids.length - 1);
    expect(summary.failed).toBe(0);
    expect(observations.map((o) => o.sourceKey)).not.toContain(last);
    // The walk still listed it (a scroll is a point-in-time view); the details call no longer found it.
    expect(requestsTo(sim, SCROLL_PATH)).toBe(Math.ceil(ids.length / PAGE_SIZE));
    expect(summary.checkpoint).toBeNull();
  });

  it('test() proves the credentials with one cheap call and passes member_cid along', async () => {
    const sim = await startSim();
    const result = await instanceFor(sim, { memberCid: 'c0ffee00c0ffee00c0ffee00c0ffee00' }).test();
    expect(result).toEqual({
      ok: true,
      message: `Connected to CrowdStrike Falcon: ${sim.state.hostIds().length} hosts.`,
    });
    expect(sim.state.memberCids).toEqual(['c0ffee00c0ffee00c0ffee00c0ffee00']);
    expect(requestsTo(sim, '/devices/queries/devices/v1')).toBe(1);
  });

  it('test() with a wrong secret is not ok and never shows the secret', async () => {
    const sim = await startSim();
    const secret = 'wrong-secret-7d3f9a21';
    const result = await instanceFor(sim, {}, { secret }).test();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/403/);
    expect(result.message).toContain('Not Authorized');
    expect(result.message).not.toContain(secret);
    expect(result.message).not.toContain(encodeURIComponent(secret));
  });
});
