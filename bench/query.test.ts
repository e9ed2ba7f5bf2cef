import { describe, expect, it } from 'vitest';
import { searchTokens } from '../apps/server/src/features/assets/asset.mapping.js';
import { percentile } from './query.bench.js';
import {
  SHARED_SERIALS,
  TENANT_1,
  TENANT_2,
  TENANT_2_DEVICES,
  device,
  deviceTokens,
  peopleFor,
  person,
  uniqueTail,
} from './query.data.js';

const sizes = { small: 2_000, n: 20_000 };

describe('the synthetic fleet', () => {
  it('is a pure function of the index: same row whatever the order or the batch it is made in', () => {
    const forward = Array.from({ length: 300 }, (_, i) => device(TENANT_1, i, sizes));
    const backward = Array.from({ length: 300 }, (_, k) => device(TENANT_1, 299 - k, sizes)).reverse();
    expect(backward).toEqual(forward);
    expect(person(TENANT_1, 1234)).toEqual(person(TENANT_1, 1234));
    // A golden value, so a change to the generator (and so to every published figure) is deliberate.
    const first = device(TENANT_1, 0, sizes).row;
    expect([first.id, first.serial_number, first.asset_tag, first.lifecycle_state]).toEqual([
      '018548e5-a5b1-7d3e-900f-000000005302',
      '5CG003CV2H69',
      'A0000001',
      'deployed',
    ]);
  });

  it('has unique ids, serials, asset tags and e-mails per tenant, and tenant 2 shares some serials', () => {
    const t1 = Array.from({ length: sizes.n }, (_, i) => device(TENANT_1, i, sizes).row);
    const t2 = Array.from({ length: TENANT_2_DEVICES }, (_, i) => device(TENANT_2, i, sizes).row);
    for (const rows of [t1, t2]) {
      for (const col of ['id', 'serial_number', 'asset_tag'] as const)
        expect(new Set(rows.map((r) => r[col])).size).toBe(rows.length);
    }
    expect(new Set([...t1, ...t2].map((r) => r.id)).size).toBe(t1.length + t2.length);
    for (let i = 0; i < SHARED_SERIALS; i++) expect(t2[i]!.serial_number).toBe(t1[i]!.serial_number);
    const t1Serials = new Set(t1.map((r) => r.serial_number));
    expect(t2.slice(SHARED_SERIALS).filter((r) => t1Serials.has(r.serial_number))).toEqual([]);
    const emails = Array.from({ length: peopleFor(sizes.n) }, (_, p) => person(TENANT_1, p).email);
    expect(new Set(emails).size).toBe(emails.length);
  });

  it('keeps uniqueTail a bijection (distinct six-character tails)', () => {
    const tails = new Set<string>();
    for (let k = 0; k < 50_000; k++) tails.add(uniqueTail(k));
    expect(tails.size).toBe(50_000);
    for (const t of tails) expect(t).toMatch(/^[0-9A-Z]{6}$/);
  });

  it('looks like a fleet: mostly deployed, ~80% assigned, macOS 14 present, assignees existing at load time', () => {
    const devices = Array.from({ length: sizes.n }, (_, i) => device(TENANT_1, i, sizes));
    const share = (f: (d: (typeof devices)[number]) => boolean) => devices.filter(f).length / devices.length;
    expect(share((d) => d.row.lifecycle_state === 'deployed')).toBeGreaterThan(0.74);
    expect(share((d) => d.row.lifecycle_state === 'deployed')).toBeLessThan(0.82);
    expect(share((d) => d.personIndex !== null)).toBeGreaterThan(0.76);
    expect(share((d) => d.personIndex !== null)).toBeLessThan(0.84);
    expect(share((d) => String(d.row.os_version).startsWith('14.'))).toBeGreaterThan(0.08);
    devices.forEach((d, i) => {
      if (d.personIndex === null) return expect(d.row.assigned_person_id).toBeNull();
      expect(d.personIndex).toBeLessThan(peopleFor(i < sizes.small ? sizes.small : sizes.n));
      expect(d.row.assigned_person_id).toBe(person(TENANT_1, d.personIndex).id);
    });
  });

  it("indexes a device with the app's own searchTokens over the fields refreshSearchTokens uses", () => {
    const d = Array.from({ length: 50 }, (_, i) => device(TENANT_1, i, sizes)).find((x) => x.assignee)!;
    const r = d.row;
    expect(deviceTokens(d)).toEqual(
      searchTokens([
        r.name as string,
        r.serial_number as string,
        r.asset_tag as string,
        r.hostname as string | null,
        r.model as string,
        r.po_number as string,
        d.assignee!.name,
        d.assignee!.email,
      ]),
    );
    expect(deviceTokens(d)).toContain(String(r.serial_number).toLowerCase());
    expect(deviceTokens(d)).toContain(d.assignee!.name.split(' ')[1]!.toLowerCase());
  });
});

describe('percentile', () => {
  it('is the nearest-rank percentile', () => {
    const xs = Array.from({ length: 200 }, (_, i) => 200 - i); // 200..1, unsorted on purpose
    expect(percentile(xs, 95)).toBe(190);
    expect(percentile(xs, 50)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(() => percentile([], 95)).toThrow();
  });
});
