import { describe, expect, it } from 'vitest';
import type { Inventory } from '@steward/protocol';
import { inventoryDelta } from './delta.js';

const base: Inventory = {
  hostname: 'h',
  serialNumber: 'S1',
  os: { platform: 'linux', name: 'Debian', version: '12', arch: 'x64' },
  network: [{ name: 'eth0', mac: 'aa:bb:cc:dd:ee:ff', ipv4: ['10.0.0.2'], ipv6: [], virtual: false }],
  disks: [{ name: 'sda', sizeBytes: 1, encrypted: null }],
  software: [{ name: 'bash', version: '5.2' }],
};

describe('inventoryDelta', () => {
  it('is full when there is nothing to compare with', () => {
    expect(inventoryDelta(undefined, base)).toEqual({ kind: 'full' });
  });

  it('is unchanged for an equal inventory, whatever the key order', () => {
    const reordered: Inventory = {
      software: [{ version: '5.2', name: 'bash' }],
      disks: base.disks,
      network: base.network,
      os: { arch: 'x64', version: '12', name: 'Debian', platform: 'linux' },
      serialNumber: 'S1',
      hostname: 'h',
    };
    expect(inventoryDelta(base, reordered)).toEqual({ kind: 'unchanged' });
  });

  it('carries only the sections that changed', () => {
    const next: Inventory = {
      ...base,
      network: [{ ...base.network[0]!, ipv4: ['10.0.0.9'] }],
      software: [...base.software, { name: 'curl', version: '8' }],
      firewallEnabled: true,
    };
    expect(inventoryDelta(base, next)).toEqual({
      kind: 'delta',
      sections: ['firewallEnabled', 'network', 'software'],
      delta: { network: next.network, software: next.software, firewallEnabled: true },
    });
  });

  it('falls back to a full report when a section disappeared', () => {
    const { serialNumber: _gone, ...rest } = base;
    expect(inventoryDelta(base, rest)).toEqual({ kind: 'full' });
  });
});
