import { afterEach, describe, expect, it } from 'vitest';
import { instantiateConnector, StreamRunError } from '@steward/sdk';
import { collect, startJamfWorld, type JamfWorld } from './e2e.fixture.js';
import { jamfPro } from './index.js';

let w: JamfWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const inventoryPages = (world: JamfWorld) =>
  world.sim.server.requests.filter((r) => /\/api\/v1\/computers-inventory$/.test(r.path) && r.status === 200);

describe('Jamf Pro sync, end to end', () => {
  it('reads every computer and mobile device over several pages, one observation each', async () => {
    w = await startJamfWorld({ devices: 60 });
    const macs = w.fleet.devices.filter((d) => d.inJamf && d.platform === 'macOS');
    const mobiles = w.fleet.devices.filter(
      (d) => d.inJamf && (d.platform === 'iOS' || d.platform === 'iPadOS'),
    );
    expect(macs.length).toBeGreaterThan(15);
    expect(mobiles.length).toBeGreaterThan(3);

    const computers = await collect(w.instance, 'computers');
    expect(computers.summary).toMatchObject({
      read: macs.length,
      mapped: macs.length,
      failed: 0,
      observations: macs.length,
      batches: Math.ceil(macs.length / 5),
      checkpoint: null,
    });
    expect(computers.observations.map((o) => o.identifiers.serialNumber).sort()).toEqual(
      macs.map((d) => d.serialNumber).sort(),
    );
    expect(new Set(computers.observations.map((o) => o.sourceKey)).size).toBe(macs.length);
    expect(computers.checkpoints.slice(0, 2)).toEqual([{ page: 1 }, { page: 2 }]);

    // The first Mac, as the fleet describes it, arrives with its ids, hardware, OS and purchase.
    const mac = macs[0]!;
    const first = computers.observations.find((o) => o.identifiers.serialNumber === mac.serialNumber);
    expect(first).toMatchObject({
      observedAt: mac.lastSeenAt,
      identifiers: { udid: mac.udid, hostname: mac.hostname },
      attributes: {
        model: mac.model,
        osVersion: mac.osVersion,
        diskEncrypted: mac.encrypted,
        memoryGb: mac.memoryGb,
        storageGb: mac.storageGb,
        poNumber: mac.purchase.poNumber,
        purchasePrice: mac.purchase.price,
        purchaseDate: mac.purchase.purchasedOn,
        warrantyEnd: mac.purchase.warrantyEnd,
        mdmName: 'Jamf Pro',
        lastCheckinAt: mac.lastSeenAt,
      },
    });
    const macsWithEthernet = macs.filter((d) => d.ethernetMac).map((d) => d.serialNumber);
    for (const o of computers.observations) {
      expect(o.identifiers.macAddresses).toHaveLength(
        macsWithEthernet.includes(o.identifiers.serialNumber ?? '') ? 2 : 1,
      );
    }

    const mobile = await collect(w.instance, 'mobileDevices');
    expect(mobile.summary).toMatchObject({ read: mobiles.length, failed: 0, observations: mobiles.length });
    expect(mobile.observations.map((o) => o.identifiers.serialNumber).sort()).toEqual(
      mobiles.map((d) => d.serialNumber).sort(),
    );
    expect(mobile.observations.every((o) => o.sourceKey.startsWith('mobile:'))).toBe(true);
    const phone = mobiles.find((d) => d.deviceType === 'phone');
    if (phone) {
      const o = mobile.observations.find((m) => m.identifiers.serialNumber === phone.serialNumber);
      expect(o?.identifiers.imei).toBe(phone.imei);
      expect(o?.attributes).toMatchObject({ deviceType: 'phone', osName: 'iOS', osVersion: phone.osVersion });
    }
    expect(computers.summary.read + mobile.summary.read).toBe(w.fleet.devices.filter((d) => d.inJamf).length);

    // Each page asked only for the sections the mapper reads, in id order, at the configured size.
    const query = new URLSearchParams(inventoryPages(w)[0]!.query);
    expect(query.getAll('section')).toEqual([
      'GENERAL',
      'HARDWARE',
      'OPERATING_SYSTEM',
      'DISK_ENCRYPTION',
      'PURCHASING',
      'STORAGE',
      'SECURITY',
    ]);
    expect(query.get('sort')).toBe('id:asc');
    expect(query.get('page-size')).toBe('5');
  });

  it('stops at an interrupted batch with a checkpoint, and a rerun from it reads exactly the rest', async () => {
    w = await startJamfWorld({ devices: 60 });
    const total = w.sim.state.computers.size;
    const seen: string[] = [];
    const run = w.instance.runStream('computers', {
      onBatch: (batch) => {
        if (batch.batch === 2) throw new Error('disk full');
        seen.push(...batch.observations.map((o) => o.sourceKey));
      },
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamRunError);
    const stopped = error as StreamRunError;
    expect(stopped.message).toMatch(/Storing batch 2 failed: disk full/);
    expect(stopped.checkpoint).toEqual({ page: 1 });
    expect(stopped.counts.read).toBe(5);

    const rest = await collect(w.instance, 'computers', stopped.checkpoint);
    expect(rest.summary.read).toBe(total - 5);
    const keys = [...seen, ...rest.observations.map((o) => o.sourceKey)];
    expect(keys).toHaveLength(total);
    expect(new Set(keys)).toEqual(new Set(w.sim.state.computerIds));
    const firstPages = inventoryPages(w).filter((r) => /[?&]page=0(&|$)/.test(r.query));
    expect(firstPages).toHaveLength(1);
  });

  it('refuses a checkpoint that is not a Jamf page', async () => {
    w = await startJamfWorld({ devices: 10 });
    await expect(collect(w.instance, 'computers', { cursor: 'abc' })).rejects.toThrow(
      /not a saved Jamf page/,
    );
  });

  it('records a malformed computer and mobile device as one error each and syncs the rest', async () => {
    w = await startJamfWorld({ devices: 60 });
    const mac = w.fleet.devices.find((d) => d.inJamf && d.platform === 'macOS')!;
    const phone = w.fleet.devices.find((d) => d.inJamf && d.platform !== 'macOS')!;
    w.sim.server.malformed.add(mac.id).add(phone.id);
    const jamfId = w.sim.state.computerOf(mac)!.id;

    const computers = await collect(w.instance, 'computers');
    expect(computers.summary).toMatchObject({ read: w.sim.state.computers.size, failed: 1 });
    expect(computers.observations).toHaveLength(w.sim.state.computers.size - 1);
    expect(computers.errors).toEqual([
      { recordKey: jamfId, field: 'general.name', message: expect.stringMatching(/general\.name/) },
    ]);
    expect(computers.observations.some((o) => o.identifiers.serialNumber === mac.serialNumber)).toBe(false);

    const mobile = await collect(w.instance, 'mobileDevices');
    expect(mobile.summary.failed).toBe(1);
    expect(mobile.errors[0]).toMatchObject({
      recordKey: expect.stringMatching(/^mobile:\d+$/),
      field: 'general.displayName',
    });

    w.sim.server.malformed.clear();
    expect((await collect(w.instance, 'computers')).summary.failed).toBe(0);
  });

  it('tests the connection, and with a wrong secret says so without the secret', async () => {
    w = await startJamfWorld({ devices: 20 });
    const ok = await w.instance.test();
    expect(ok).toEqual({
      ok: true,
      message: `Connected to Jamf Pro: the API client can read ${w.sim.state.computers.size} computers.`,
    });

    const wrong = 'wrong-secret-7d3e91';
    const bad = instantiateConnector(jamfPro, {
      config: w.sim.config,
      secrets: { clientSecret: wrong },
    });
    const result = await bad.test();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/refused the API client's credentials.*401.*invalid_client/);
    expect(result.message).not.toContain(wrong);
    expect(result.message).not.toContain(encodeURIComponent(wrong));
  });
});
