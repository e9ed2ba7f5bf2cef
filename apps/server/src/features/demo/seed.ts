import type { DisposalMethod, LifecycleState } from '@steward/domain';
import { systemContext } from '../../platform/auth/index.js';
import { assignAsset, createAsset, transitionAsset } from '../assets/index.js';
import { createCustomField } from '../custom-fields/index.js';
import { createLocation } from '../locations/index.js';
import { createPerson } from '../people/index.js';
import {
  createPurchaseOrderSchema,
  intakePurchaseOrder,
  receiveAgainstOrder,
  type PurchasingDeps,
} from '../purchasing/index.js';
import { ACCESSORIES, DEPARTMENTS, FIRST, LAST, LOCATIONS, MODELS, PATH_TO, STATES } from './fleet.js';
import { prng } from './random.js';

export interface DemoSize {
  people: number;
  devices: number;
  accessories: number;
}

export const DEFAULT_DEMO_SIZE: DemoSize = { people: 300, devices: 2000, accessories: 300 };

const DAY = 86_400_000;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A realistic fleet for a newcomer to explore: offices, people with managers, devices across every
 * lifecycle state, assignments, loaners (some overdue), tags and a custom field. Everything goes through
 * the same services as the API, so the audit log, counters and search are real.
 */
export async function seedDemoFleet(
  deps: PurchasingDeps & { publicUrl: () => string },
  tenantId: string,
  size = DEFAULT_DEMO_SIZE,
) {
  const ctx = systemContext(tenantId, 'demo data');
  const r = prng(20261123);
  const now = deps.clock.now().getTime();

  await createCustomField(deps, ctx, {
    key: 'cf_cost_centre',
    label: 'Cost centre',
    type: 'enum',
    values: DEPARTMENTS.map((d) => d.toLowerCase()),
    required: false,
    entityType: 'asset',
  });
  const locations: string[] = [];
  for (const [name, address] of LOCATIONS)
    locations.push((await createLocation(deps, ctx, { name, ...(address ? { address } : {}) })).id);

  const people: string[] = [];
  const managers: string[] = [];
  for (let i = 0; i < size.people; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const department = DEPARTMENTS[i % DEPARTMENTS.length]!;
    const p = await createPerson({ ...deps }, ctx, {
      name: `${first} ${last}${i >= FIRST.length * LAST.length ? ` ${i}` : ''}`,
      email: `${first}.${last}${i >= FIRST.length * LAST.length ? i : ''}@demo.example.com`
        .toLowerCase()
        .replace('ü', 'ue'),
      employeeId: `E${String(1000 + i)}`,
      department,
      title:
        i < DEPARTMENTS.length
          ? `Head of ${department}`
          : r.pick(['Engineer', 'Analyst', 'Manager', 'Specialist', 'Associate']),
      status: r.weighted([
        ['active', 95],
        ['on_leave', 3],
        ['terminated', 2],
      ] as const),
      locationId: r.pick(locations),
      ...(i >= DEPARTMENTS.length ? { managerId: managers[i % DEPARTMENTS.length] } : {}),
      startDate: isoDate(now - r.int(30, 2500) * DAY),
    });
    people.push(p.id);
    if (i < DEPARTMENTS.length) managers.push(p.id);
  }

  for (let i = 0; i < size.devices; i++) {
    const m = r.weighted(MODELS);
    const state = r.weighted(STATES) as LifecycleState;
    const bought = now - r.int(10, 1600) * DAY;
    const asset = await createAsset(deps, ctx, {
      kind: 'device',
      lifecycleState: 'in_stock',
      name: `${m.deviceType === 'server' ? 'srv' : m.osName === 'macOS' ? 'mac' : m.osName === 'Windows' ? 'win' : 'mob'}-${String(i + 1).padStart(5, '0')}`,
      assetTag: `DEMO-${String(i + 1).padStart(5, '0')}`,
      serialNumber: m.serial(r),
      deviceType: m.deviceType,
      manufacturer: m.manufacturer,
      model: m.model,
      modelIdentifier: m.modelIdentifier,
      osName: m.osName,
      osVersion: r.pick(m.versions),
      diskEncrypted: r.next() < 0.93,
      edrPresent: r.next() < 0.95,
      edrHealthy: r.next() < 0.9,
      firewallEnabled: r.next() < 0.85,
      mdmEnrolled: r.next() < 0.97,
      mdmName: m.osName === 'Windows' ? 'Intune' : 'Jamf Pro',
      lastCheckinAt: new Date(now - r.int(0, 20) * 3_600_000).toISOString(),
      vendor: r.pick(['CDW', 'SHI', 'Apple Business', 'Insight']),
      poNumber: `PO-${2024000 + r.int(1, 400)}`,
      purchasePrice: Math.round(m.price * (0.9 + r.next() * 0.2)),
      purchaseDate: isoDate(bought),
      warrantyEnd: isoDate(bought + 3 * 365 * DAY),
      depreciationMonths: 36,
      tags: r.next() < 0.1 ? ['vip'] : r.next() < 0.05 ? ['loaner-pool'] : [],
      custom: { cf_cost_centre: r.pick(DEPARTMENTS).toLowerCase() },
    } as Parameters<typeof createAsset>[2]);
    if (state === 'deployed') {
      const overdue = r.next() < 0.01;
      await assignAsset(deps, ctx, asset.id, {
        personId: r.pick(people),
        locationId: r.pick(locations),
        ...(overdue ? { dueAt: new Date(now - r.int(1, 20) * DAY).toISOString() } : {}),
      });
    }
    for (const to of PATH_TO[state] ?? []) {
      const disposalMethod =
        to === 'disposed'
          ? (r.pick(['recycled', 'donated', 'sold', 'returned_to_lessor'] as const) as DisposalMethod)
          : undefined;
      await transitionAsset(deps, ctx, asset.id, {
        to: to as LifecycleState,
        reason: 'demo history',
        ...(disposalMethod ? { disposalMethod } : {}),
      });
    }
  }

  for (let i = 0; i < size.accessories; i++) {
    const [manufacturer, model, type, price] = r.pick(ACCESSORIES);
    const a = await createAsset(deps, ctx, {
      kind: 'accessory',
      lifecycleState: 'in_stock',
      name: `${model} #${i + 1}`,
      manufacturer,
      model,
      deviceType: type,
      purchasePrice: price,
      assetTag: `ACC-${String(i + 1).padStart(5, '0')}`,
    } as Parameters<typeof createAsset>[2]);
    if (r.next() < 0.7) await assignAsset(deps, ctx, a.id, { personId: r.pick(people) });
  }
  // Reseller orders: some still on their way, some partly received at the depot.
  const orders = Math.max(2, Math.round(size.devices / 250));
  for (let i = 0; i < orders; i++) {
    const lines = [1, 2].map((lineNumber) => {
      const m = r.weighted(MODELS);
      const quantity = r.int(3, 12);
      const serials = Array.from({ length: Math.floor(quantity / 2) }, () => m.serial(r));
      return {
        lineNumber,
        manufacturer: m.manufacturer,
        model: m.model,
        deviceType: m.deviceType,
        quantity,
        unitPrice: m.price,
        serials,
      };
    });
    const { result } = await intakePurchaseOrder(
      deps,
      ctx,
      createPurchaseOrderSchema.parse({
        vendor: r.pick(['CDW', 'SHI']),
        poNumber: `PO-${2026100 + i}`,
        orderedAt: isoDate(now - r.int(1, 20) * DAY),
        expectedAt: isoDate(now + r.int(2, 30) * DAY),
        shipTo: { locationId: locations[locations.length - 1]! },
        lines,
      }),
    );
    if (i % 2 === 0) await receiveAgainstOrder(deps, ctx, result.id, { serials: lines[0]!.serials });
  }
  return {
    people: people.length,
    devices: size.devices,
    accessories: size.accessories,
    locations: locations.length,
    orders,
  };
}
