import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, jamfGet, startJamfWorld, type JamfWorld } from './e2e.fixture.js';
import { jamfPro } from './index.js';
import type { ComputerEntry } from './simulator/index.js';

let w: JamfWorld;
beforeAll(async () => {
  w = await startJamfWorld({ devices: 40 });
});
afterAll(async () => w?.close());

let keys = 0;
const run = (action: string, input: unknown) =>
  w.instance.executeAction(action, input, { idempotencyKey: `key-${++keys}` });
const computer = (n: number): ComputerEntry => w.sim.state.computers.get(w.sim.state.computerIds[n]!)!;
const detail = async (id: string) =>
  (await jamfGet(w.sim, `/api/v1/computers-inventory-detail/${id}`)).body as Record<
    string,
    Record<string, unknown>
  >;

describe('Jamf Pro actions, end to end', () => {
  it('declares which actions are destructive and which can be undone', () => {
    const flags = Object.fromEntries(
      Object.entries(jamfPro.actions).map(([name, a]) => [name, [a.destructive, a.reversible]]),
    );
    expect(flags).toEqual({
      lock: [false, false],
      erase: [true, false],
      setUserAndLocation: [false, true],
      setExtensionAttribute: [false, true],
      pushPurchasing: [false, true],
      deleteComputer: [true, false],
    });
  });

  it('locks a computer through its management id; the command is listed for that device', async () => {
    const target = computer(0);
    const result = await run('lock', {
      computerId: target.id,
      pin: '246810',
      message: 'Call IT on 555-0100',
    });
    expect(result).toMatchObject({ status: 'accepted', data: { managementId: target.managementId } });
    const [command, ...more] = w.sim.state.commandsFor(target.managementId);
    expect(more).toEqual([]);
    expect(command).toMatchObject({
      uuid: result.externalId,
      commandType: 'DEVICE_LOCK',
      commandState: 'PENDING',
      client: { managementId: target.managementId, clientType: 'COMPUTER' },
      commandData: { commandType: 'DEVICE_LOCK', pin: '246810', message: 'Call IT on 555-0100' },
    });
    const listed = await jamfGet(
      w.sim,
      `/api/v2/mdm/commands?filter=clientManagementId==${target.managementId}`,
    );
    expect(listed.body).toEqual({
      totalCount: 1,
      results: [
        {
          uuid: result.externalId,
          client: { managementId: target.managementId, clientType: 'COMPUTER' },
          commandState: 'PENDING',
          commandType: 'DEVICE_LOCK',
          dateSent: expect.any(String),
          dateCompleted: null,
        },
      ],
    });
  });

  it('retries a command POST that met a 503, creating the command once', async () => {
    const target = computer(1);
    w.sim.server.faults.inject({ type: 'server_error', times: 1, status: 503, path: '/api/v2/mdm/commands' });
    await run('lock', { computerId: target.id, pin: '135790' });
    expect(w.sim.server.faults.fired.at(-1)).toBe('server_error');
    expect(w.sim.state.commandsFor(target.managementId)).toHaveLength(1);
  });

  it('erases a computer with the obliteration behaviour asked for', async () => {
    const target = computer(2);
    const result = await run('erase', {
      computerId: target.id,
      pin: '000111',
      obliterationBehavior: 'Always',
    });
    expect(result.status).toBe('accepted');
    expect(w.sim.state.commandsFor(target.managementId)).toMatchObject([
      {
        uuid: result.externalId,
        commandType: 'ERASE_DEVICE',
        commandData: { pin: '000111', obliterationBehavior: 'Always' },
      },
    ]);
  });

  it('sets user and location; Jamf holds the new values and the record comes back as an observation', async () => {
    const target = computer(3);
    const result = await run('setUserAndLocation', {
      computerId: target.id,
      username: 'jdoe',
      realname: 'Jane Doe',
      email: 'jane.doe@example.com',
      room: '4.12',
      departmentId: '2',
    });
    expect(result.status).toBe('succeeded');
    expect((await detail(target.id)).userAndLocation).toMatchObject({
      username: 'jdoe',
      realname: 'Jane Doe',
      email: 'jane.doe@example.com',
      room: '4.12',
      departmentId: '2',
      buildingId: '-1',
    });
    expect(result.observations).toMatchObject([
      { sourceKey: target.id, identifiers: { serialNumber: target.device.serialNumber } },
    ]);
    expect(JSON.stringify(result.observations)).not.toContain('jane.doe@example.com');
  });

  it('sets an extension attribute, and refuses one Jamf does not define with its own message', async () => {
    const target = computer(4);
    await run('setExtensionAttribute', { computerId: target.id, definitionId: '1', values: ['true'] });
    const eas = (await detail(target.id)).extensionAttributes as unknown as {
      definitionId: string;
      values: string[];
    }[];
    expect(eas.find((e) => e.definitionId === '1')?.values).toEqual(['true']);

    await expect(
      run('setExtensionAttribute', { computerId: target.id, definitionId: '99', values: ['x'] }),
    ).rejects.toThrow(
      /Jamf Pro refused the update of extension attribute 99 of computer \d+: 400 INVALID_FIELD: extensionAttributes\[0\]\.definitionId: No computer extension attribute with id 99/,
    );
  });

  it('pushes purchasing details; the next sync reads them back', async () => {
    const target = computer(5);
    const result = await run('pushPurchasing', {
      computerId: target.id,
      poNumber: 'PO-2025-7777',
      vendor: 'CDW',
      purchasePrice: 1999.99,
      poDate: '2025-02-01',
      warrantyDate: '2028-02-01',
      leased: true,
      leaseDate: '2028-03-31',
    });
    expect(result.observations?.[0]?.attributes).toMatchObject({
      poNumber: 'PO-2025-7777',
      purchasePrice: 1999.99,
      leaseEnd: '2028-03-31',
    });
    expect((await detail(target.id)).purchasing).toMatchObject({
      poNumber: 'PO-2025-7777',
      vendor: 'CDW',
      purchasePrice: '1999.99',
      poDate: '2025-02-01',
      warrantyDate: '2028-02-01',
      leased: true,
    });
    const { observations } = await collect(w.instance, 'computers');
    expect(observations.find((o) => o.sourceKey === target.id)?.attributes).toMatchObject({
      poNumber: 'PO-2025-7777',
      vendor: 'CDW',
      purchaseDate: '2025-02-01',
      warrantyEnd: '2028-02-01',
    });
  });

  it('refuses bad input before calling Jamf', async () => {
    const before = w.sim.server.requests.length;
    await expect(run('lock', { computerId: computer(0).id, pin: '12ab' })).rejects.toThrow(/not valid/);
    await expect(run('pushPurchasing', { computerId: computer(0).id })).rejects.toThrow(/not valid/);
    await expect(run('pushPurchasing', { computerId: computer(0).id, poDate: '01/02/2025' })).rejects.toThrow(
      /not valid/,
    );
    expect(w.sim.server.requests.length).toBe(before);
  });

  it('deletes a computer: it leaves the inventory, and acting on it again fails with Jamf’s message', async () => {
    const target = computer(6);
    const total = w.sim.state.computers.size;
    const result = await run('deleteComputer', { computerId: target.id });
    expect(result).toMatchObject({
      status: 'succeeded',
      observations: [{ sourceKey: target.id, deleted: true }],
    });
    expect(w.sim.server.requests.at(-1)).toMatchObject({ method: 'DELETE', status: 204 });
    const listed = await jamfGet(w.sim, '/api/v1/computers-inventory?page-size=1');
    expect((listed.body as { totalCount: number }).totalCount).toBe(total - 1);
    expect((await jamfGet(w.sim, `/api/v1/computers-inventory-detail/${target.id}`)).status).toBe(404);
    const { observations } = await collect(w.instance, 'computers');
    expect(observations.map((o) => o.sourceKey)).not.toContain(target.id);
    expect(observations).toHaveLength(total - 1);

    await expect(run('deleteComputer', { computerId: target.id })).rejects.toThrow(
      `Jamf Pro refused deleting computer ${target.id}: 404 INVALID_ID: id: Computer with id ${target.id} does not exist`,
    );
    await expect(run('lock', { computerId: target.id, pin: '123456' })).rejects.toThrow(
      `Jamf Pro refused reading computer ${target.id}: 404 INVALID_ID`,
    );
  });

  it('fails every action on an unknown computer with the vendor’s message', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['lock', { pin: '123456' }, /refused reading computer 99999: 404 INVALID_ID/],
      ['erase', { pin: '123456' }, /refused reading computer 99999: 404 INVALID_ID/],
      ['setUserAndLocation', { room: '1' }, /refused the user and location update of computer 99999: 404/],
      ['setExtensionAttribute', { definitionId: '1', values: [] }, /refused the update of extension/],
      ['pushPurchasing', { vendor: 'x' }, /refused the purchasing update of computer 99999: 404/],
      ['deleteComputer', {}, /refused deleting computer 99999: 404/],
    ];
    for (const [action, input, message] of cases) {
      const failure = run(action, { computerId: '99999', ...input });
      await expect(failure, action).rejects.toThrow(message);
      await expect(failure, action).rejects.toThrow(/Computer with id 99999 does not exist/);
    }
  });

  it('refuses to send a command to a Mac that is not enrolled in MDM', async () => {
    const target = computer(7);
    const managementId = target.managementId;
    target.managementId = '';
    try {
      await expect(run('lock', { computerId: target.id, pin: '123456' })).rejects.toThrow(
        `Jamf Pro computer ${target.id} has no management id: it is not enrolled in MDM`,
      );
      expect(w.sim.state.commandsFor(managementId)).toEqual([]);
    } finally {
      target.managementId = managementId;
    }
  });

  it('keeps to five requests in flight however many actions run at once', async () => {
    w.sim.server.faults.inject({
      type: 'delay',
      times: 40,
      ms: 60,
      path: '/api/v1/computers-inventory-detail',
    });
    const targets = w.sim.state.computerIds.slice(10, 22);
    await Promise.all(
      targets.map((id) => run('setExtensionAttribute', { computerId: id, definitionId: '2', values: ['X'] })),
    );
    expect(w.sim.server.maxInFlight).toBe(5);
    w.sim.server.faults.clear();
  });
});
