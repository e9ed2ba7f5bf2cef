import { describe, expect, it } from 'vitest';
import { formatMac, simulatedFleet } from './fleet.js';

describe('simulatedFleet', () => {
  it('is the same fleet for the same seed and a different one for another', () => {
    const a = simulatedFleet({ devices: 300, seed: 7 });
    const b = simulatedFleet({ devices: 300, seed: 7 });
    const c = simulatedFleet({ devices: 300, seed: 8 });
    expect(b).toEqual(a);
    expect(c.devices.map((d) => d.serialNumber)).not.toEqual(a.devices.map((d) => d.serialNumber));
  });

  it('overlaps across vendors the way real fleets do', () => {
    const { devices, people } = simulatedFleet({ devices: 2000 });
    const serials = new Set(devices.map((d) => d.serialNumber));
    const macs = new Set(devices.flatMap((d) => [d.wifiMac, d.ethernetMac].filter(Boolean)));
    expect(serials.size).toBe(devices.length);
    expect(macs.size).toBe(devices.reduce((n, d) => n + (d.ethernetMac ? 2 : 1), 0));
    const jamfAndEdr = devices.filter((d) => d.inJamf && d.inCrowdStrike).length;
    const intuneAndEdr = devices.filter((d) => d.inIntune && d.inCrowdStrike).length;
    const edr = devices.filter((d) => d.inCrowdStrike);
    const withoutSerial = edr.filter((d) => d.edrWithoutSerial).length / edr.length;
    expect(jamfAndEdr).toBeGreaterThan(400);
    expect(intuneAndEdr).toBeGreaterThan(400);
    expect(withoutSerial).toBeGreaterThan(0.15);
    expect(withoutSerial).toBeLessThan(0.25);
    expect(devices.every((d) => d.inJamf || d.inIntune || d.inCrowdStrike)).toBe(true);
    const assigned = devices.filter((d) => d.assignee).length / devices.length;
    expect(assigned).toBeGreaterThan(0.8);
    expect(new Set(people.map((p) => p.email)).size).toBe(people.length);
  });

  it('renders a MAC in each vendor format', () => {
    expect(formatMac('3C:22:FB:00:01:0A', 'dash')).toBe('3c-22-fb-00-01-0a');
    expect(formatMac('3c-22-fb-00-01-0a', 'colon')).toBe('3C:22:FB:00:01:0A');
    expect(formatMac('3C:22:FB:00:01:0A', 'cisco')).toBe('3c22.fb00.010a');
    expect(formatMac('3C:22:FB:00:01:0A', 'bare')).toBe('3C22FB00010A');
  });
});
