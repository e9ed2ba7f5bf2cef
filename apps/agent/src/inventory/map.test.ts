import { readFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { inventorySchema } from '@steward/protocol';
import { collectInventory } from './collect.js';
import { mapInventory } from './map.js';
import type { RawInventory } from './raw.js';

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/linux-laptop.json', import.meta.url), 'utf8'),
) as RawInventory;

describe('mapInventory', () => {
  it('maps a recorded systeminformation snapshot to the protocol inventory', () => {
    const inventory = mapInventory(fixture);
    expect(inventorySchema.parse(inventory)).toEqual(inventory);
    expect(inventory).toMatchObject({
      hostname: 'lt-0042',
      serialNumber: 'PF2ABCDE',
      hardwareUuid: '4c4c4544-0042-3510-8048-b2c04f4e3732',
      manufacturer: 'LENOVO',
      model: '20XW0026GE',
      cpu: 'Intel Core™ i7-1165G7',
      memoryBytes: 16541884416,
      os: {
        platform: 'linux',
        name: 'Ubuntu',
        version: '24.04.1 LTS',
        build: '6.8.0-45-generic',
        arch: 'x64',
      },
      firewallEnabled: true,
      software: [
        { name: 'bash', version: '5.2.21-2ubuntu4', source: 'dpkg' },
        { name: 'openssl', version: '3.0.13-0ubuntu3.4', source: 'dpkg' },
      ],
    });
    expect(inventory.network).toEqual([
      { name: 'lo', ipv4: ['127.0.0.1'], ipv6: ['::1'], virtual: true },
      {
        name: 'wlp0s20f3',
        mac: 'a4:c3:f0:11:22:33',
        ipv4: ['10.1.2.34'],
        ipv6: ['fe80::1c2d:3e4f:5a6b:7c8d'],
        virtual: false,
      },
      { name: 'docker0', mac: '02:42:8e:aa:bb:cc', ipv4: ['172.17.0.1'], ipv6: [], virtual: true },
      { name: 'enx00e04c680001', mac: '00:e0:4c:68:00:01', ipv4: [], ipv6: [], virtual: false },
    ]);
    expect(inventory.disks).toEqual([
      { name: 'nvme0n1', sizeBytes: 512110190592, encrypted: null },
      { name: 'nvme0n1p1', mount: '/boot/efi', sizeBytes: 1127219200, encrypted: false },
      { name: 'nvme0n1p3', sizeBytes: 509119283200, encrypted: true },
      { name: 'dm_crypt-0', sizeBytes: 509102505984, encrypted: true },
      { name: 'ubuntu--vg-ubuntu--lv', mount: '/', sizeBytes: 509098311680, encrypted: null },
    ]);
  });

  it('drops blanks and placeholder serials, and clips over-long values to the schema', () => {
    const inventory = mapInventory({
      ...fixture,
      system: { manufacturer: '', model: 'Docker Container', serial: 'To be filled by O.E.M.', uuid: '' },
      uuid: { hardware: '', os: 'x' },
      os: { ...fixture.os, platform: 'Windows', build: '22631', distro: 'Microsoft Windows 11 Pro' },
      software: [{ name: 'x'.repeat(400), version: 'v'.repeat(300) }],
      firewallEnabled: null,
    });
    expect(inventorySchema.safeParse(inventory).success).toBe(true);
    expect(inventory.serialNumber).toBeUndefined();
    expect(inventory.manufacturer).toBeUndefined();
    expect(inventory.hardwareUuid).toBeUndefined();
    expect(inventory.os).toMatchObject({ platform: 'win32', build: '22631' });
    expect(inventory.software[0]?.name).toHaveLength(255);
    expect(inventory.firewallEnabled).toBeNull();
  });

  it('collects a real inventory on this machine', async () => {
    const started = Date.now();
    const inventory = await collectInventory();
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(inventory.hostname).toBe(os.hostname());
    const parsed = inventorySchema.safeParse(inventory);
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues[0])).toBe(true);
    expect(inventory.os.platform).toBe(process.platform);
    expect(inventory.network.length).toBeGreaterThan(0);
    expect(inventory.network.find((n) => n.name === 'lo')?.virtual).toBe(true);
  });
});
