// The device playbooks end to end, each created from its shipped template, enabled, and started by its
// real trigger against the Jamf Pro, Slack and ServiceNow simulators: assignment sync, purchasing push,
// compromised device and disposal. Each asserts the vendor-side effect, read from the simulator, happened
// exactly once, and the run's steps. On both databases: these are the entity-trigger playbooks, whose
// audit-log scan and step jobs differ most between SQLite and PostgreSQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulatedFleet, type SimDevice } from '@steward/sdk/simulator';
import { startJamfSimulator, type JamfSimulator } from '@steward/connector-jamf/simulator';
import { startServiceNowSimulator, type ServiceNowSimulator } from '@steward/connector-servicenow/simulator';
import { startSlackSimulator, type SlackSimulator } from '@steward/connector-slack/simulator';
import { describeEachDialect } from '../../../test/stores.js';
import {
  createJamfInstance,
  startConnectorWorld,
  syncNow,
  waitForRun,
  type ConnectorWorld,
} from '../../../test/connector-world.js';
import { caller, playbooks, stepOf, stepsOf, PLAYBOOK_TEST_MS, type Call } from './playbooks.helpers.js';

describeEachDialect('device playbooks', (dialect) => {
  let w: ConnectorWorld;
  let slack: SlackSimulator;
  let servicenow: ServiceNowSimulator;
  let call: Call;
  let pb: ReturnType<typeof playbooks>;
  let macs: SimDevice[];

  beforeAll(async () => {
    w = await startConnectorWorld(dialect, 20);
    call = caller(w.server.url, w.tenant.tokens.admin);
    pb = playbooks(call, { steward: w.server.steward, tenantId: w.tenant.id });
    slack = await startSlackSimulator();
    servicenow = await startServiceNowSimulator();
    const jamf = await createJamfInstance(w, { name: 'Jamf EU' });
    expect((await waitForRun(w, (await syncNow(w, jamf.id)).id)).status).toBe('succeeded');
    for (const [connectorId, name, config, secrets] of [
      ['slack', 'Security', { channel: '#security' }, { webhookUrl: slack.webhookUrl }],
      ['servicenow', 'ServiceNow', servicenow.config, servicenow.secrets],
    ] as const) {
      const res = await call('POST', '/api/v1/connector-instances', { connectorId, name, config, secrets });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    macs = w.fleet.devices.filter((d) => d.inJamf && d.platform === 'macOS');
    expect(macs.length).toBeGreaterThanOrEqual(4);
  });
  afterAll(async () => {
    await slack?.close();
    await servicenow?.server.close();
    await w?.close();
  });

  async function assetOf(serial: string): Promise<{ id: string; name: string }> {
    const found = await call('GET', `/api/v1/assets?q=${serial}`);
    expect(found.body.items, `asset ${serial}`).toHaveLength(1);
    return found.body.items[0];
  }

  function computerOf(jamf: JamfSimulator, device: SimDevice) {
    const entry = jamf.state.computerOf(device);
    if (!entry) throw new Error(`Jamf has no computer for ${device.serialNumber}`);
    return entry;
  }

  const requestsTo = (jamf: JamfSimulator, method: string, computerId: string) =>
    jamf.server.requests.filter((r) => r.method === method && r.path.endsWith(`/${computerId}`));

  it(
    'assignment sync: assigning a Jamf Mac in Steward writes its user to Jamf once; unassigning starts nothing',
    async () => {
      const mac = macs[0]!;
      const asset = await assetOf(mac.serialNumber);
      const entry = computerOf(w.jamf, mac);
      const person = await call('POST', '/api/v1/people', {
        email: 'ada.lovelace@example.com',
        name: 'Ada Lovelace',
      });
      expect(person.status).toBe(201);
      const workflow = await pb.enable('assignment-sync', { jamf: 'Jamf EU' });

      const assigned = await call('POST', `/api/v1/assets/${asset.id}/assign`, { personId: person.body.id });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
      const run = await pb.nthRun(workflow);
      expect(run, JSON.stringify(run)).toMatchObject({
        status: 'succeeded',
        subjectId: asset.id,
        trigger: { action: 'asset.assigned' },
      });
      expect(stepsOf(run)).toEqual([['jamf', 'succeeded']]);
      expect(stepOf(run, 'jamf')?.output).toMatchObject({ status: 'succeeded', replayed: false });
      expect(entry.patch?.userAndLocation).toEqual({
        username: 'ada.lovelace',
        realname: 'Ada Lovelace',
        email: 'ada.lovelace@example.com',
      });
      expect(requestsTo(w.jamf, 'PATCH', entry.id)).toHaveLength(1);

      expect((await call('POST', `/api/v1/assets/${asset.id}/unassign`, {})).status).toBe(200);
      await pb.scanNow();
      expect(await pb.runs(workflow)).toHaveLength(1);
      expect(requestsTo(w.jamf, 'PATCH', entry.id)).toHaveLength(1);
      await pb.disable(workflow);
    },
    PLAYBOOK_TEST_MS,
  );

  it(
    'purchasing push: a Mac from a reseller order first seen in Jamf gets its PO, vendor, price and warranty in Jamf once',
    async () => {
      // A second Jamf Pro, so that the ordered Mac is new to Jamf when the test syncs it for the first time.
      const fleet = simulatedFleet({ devices: 6, seed: 29 });
      const us = await startJamfSimulator({ fleet });
      try {
        const mac = fleet.devices.find((d) => d.inJamf && d.platform === 'macOS');
        if (!mac) throw new Error('no Mac in the second fleet');
        const entry = computerOf(us, mac);
        const order = await call('POST', '/api/v1/purchase-orders', {
          vendor: 'CDW',
          poNumber: 'PO-7781',
          orderedAt: '2026-11-02',
          lines: [
            {
              lineNumber: 1,
              manufacturer: 'Apple',
              model: 'MacBook Pro (14-inch, M3)',
              deviceType: 'laptop',
              quantity: 1,
              unitPrice: 2399.5,
              serials: [mac.serialNumber],
            },
          ],
        });
        expect(order.status, JSON.stringify(order.body)).toBe(201);
        const ordered = order.body.lines[0].assetIds[0] as string;
        // The warranty end from the reseller's invoice, typed in before the Mac arrives.
        expect((await call('PATCH', `/api/v1/assets/${ordered}`, { warrantyEnd: '2029-11-01' })).status).toBe(
          200,
        );
        const instance = await createJamfInstance(w, {
          name: 'Jamf US',
          config: { ...us.config, pageSize: 10 },
          secrets: us.secrets,
        });
        const workflow = await pb.enable('purchasing-push', { jamf: 'Jamf US' });

        expect((await waitForRun(w, (await syncNow(w, instance.id)).id)).status).toBe('succeeded');
        const run = await pb.nthRun(workflow);
        expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', subjectId: ordered });
        expect(run.trigger).toMatchObject({ diff: { mdmName: { before: null, after: 'Jamf Pro' } } });
        expect(stepsOf(run)).toEqual([['push', 'succeeded']]);
        expect(entry.patch?.purchasing).toEqual({
          purchased: true,
          poNumber: 'PO-7781',
          vendor: 'CDW',
          purchasePrice: '2399.5',
          poDate: '2026-11-02',
          warrantyDate: '2029-11-01',
        });
        expect(requestsTo(us, 'PATCH', entry.id)).toHaveLength(1);

        // The next sync finds Jamf agreeing with Steward: nothing more runs.
        expect((await waitForRun(w, (await syncNow(w, instance.id)).id)).status).toBe('succeeded');
        await pb.scanNow();
        expect(await pb.runs(workflow)).toHaveLength(1);
        expect(requestsTo(us, 'PATCH', entry.id)).toHaveLength(1);
        await pb.disable(workflow);
      } finally {
        await us.server.close();
      }
    },
    PLAYBOOK_TEST_MS,
  );

  it(
    'compromised device: EDR unhealthy on a managed Mac locks it in Jamf, tells Slack and opens one incident',
    async () => {
      const mac = macs[1]!;
      const asset = await assetOf(mac.serialNumber);
      const entry = computerOf(w.jamf, mac);
      const source = await call('POST', '/api/v1/sources', {
        key: 'falcon',
        name: 'CrowdStrike Falcon',
        type: 'edr',
      });
      expect(source.status, JSON.stringify(source.body)).toBe(201);
      const observe = async (serial: string, healthy: boolean, at: Date) => {
        const res = await call('POST', '/api/v1/observations', [
          {
            source: 'falcon',
            sourceKey: `host-${serial}`,
            kind: 'device',
            observedAt: at.toISOString(),
            identifiers: { serialNumber: serial },
            attributes: { hostname: `host-${serial}`, edrPresent: true, edrHealthy: healthy },
          },
        ]);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.items[0].status).not.toBe('rejected');
      };
      const workflow = await pb.enable('compromised-device', {
        jamf: 'Jamf EU',
        slack: 'Security',
        servicenow: 'ServiceNow',
      });
      // A host the EDR knows but no MDM manages: compromised, but nothing to lock.
      const unmanaged = 'EDRONLY0001';
      const earlier = new Date(Date.now() - 60_000);
      await observe(mac.serialNumber, true, earlier);
      await observe(unmanaged, true, earlier);
      await pb.scanNow();
      expect(await pb.runs(workflow)).toHaveLength(0);

      await observe(mac.serialNumber, false, new Date());
      await observe(unmanaged, false, new Date());
      const run = await pb.nthRun(workflow);
      expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', subjectId: asset.id });
      expect(stepsOf(run)).toEqual([
        ['respond', 'succeeded'],
        ['respond#0/lock', 'succeeded'],
        ['respond#1/tell', 'succeeded'],
        ['respond#2/ticket', 'succeeded'],
      ]);
      const locks = w.jamf.state
        .commandsFor(entry.managementId)
        .filter((c) => c.commandType === 'DEVICE_LOCK');
      expect(locks).toHaveLength(1);
      expect(locks[0]?.commandData).toMatchObject({
        pin: expect.stringMatching(/^\d{6}$/),
        message: 'Locked by IT security. Call the service desk.',
      });
      expect(slack.state.messages.map((m) => m.text)).toEqual([
        `:rotating_light: ${asset.name} (${mac.serialNumber}) is compromised; locking it.`,
      ]);
      expect(servicenow.state.incidents.rows).toHaveLength(1);
      expect(servicenow.state.incidents.rows[0]).toMatchObject({
        short_description: `Compromised device ${asset.name}`,
        urgency: '1',
      });
      expect(stepOf(run, 'ticket')?.output).toMatchObject({
        externalId: servicenow.state.incidents.rows[0]?.number,
      });

      await pb.scanNow();
      expect(await pb.runs(workflow)).toHaveLength(1);
      await pb.disable(workflow);
    },
    PLAYBOOK_TEST_MS,
  );

  it(
    'disposal: a disposed Mac is deleted from Jamf once; one on legal hold is refused and never deleted',
    async () => {
      const [gone, held] = [macs[2]!, macs[3]!];
      const [goneAsset, heldAsset] = [await assetOf(gone.serialNumber), await assetOf(held.serialNumber)];
      const [goneEntry, heldEntry] = [computerOf(w.jamf, gone), computerOf(w.jamf, held)];
      const workflow = await pb.enable('disposal', { jamf: 'Jamf EU' });
      const transition = (id: string, body: Record<string, unknown>) =>
        call('POST', `/api/v1/assets/${id}/transition`, { reason: 'end of life', ...body });
      for (const a of [goneAsset, heldAsset])
        expect((await transition(a.id, { to: 'retired' })).status).toBe(200);
      const hold = await call('PUT', `/api/v1/assets/${heldAsset.id}/legal-hold`, {
        hold: true,
        reason: 'litigation',
      });
      expect(hold.status, JSON.stringify(hold.body)).toBe(200);

      const disposed = await transition(goneAsset.id, { to: 'disposed', disposalMethod: 'recycled' });
      expect(disposed.status, JSON.stringify(disposed.body)).toBe(200);
      const refused = await transition(heldAsset.id, { to: 'disposed', disposalMethod: 'recycled' });
      expect(refused.status).toBe(409);

      const run = await pb.nthRun(workflow);
      expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', subjectId: goneAsset.id });
      expect(stepsOf(run)).toEqual([
        ['delete', 'succeeded'],
        ['hold', 'succeeded'],
      ]);
      expect(stepOf(run, 'hold')?.output).toEqual({ holds: false });
      expect(w.jamf.state.computers.has(goneEntry.id)).toBe(false);
      expect(requestsTo(w.jamf, 'DELETE', goneEntry.id)).toHaveLength(1);
      await pb.scanNow();
      expect(await pb.runs(workflow)).toHaveLength(1);

      // Run by hand about the held Mac (as an admin retrying might): the hold stops it before Jamf.
      const manual = await call('POST', `/api/v1/workflows/${workflow}/runs`, { entityId: heldAsset.id });
      expect(manual.status, JSON.stringify(manual.body)).toBe(202);
      const skipped = await pb.ended(manual.body.id as string);
      expect(skipped.status).toBe('succeeded');
      expect(stepsOf(skipped)).toEqual([['hold', 'succeeded']]);
      expect(stepOf(skipped, 'hold')?.output).toEqual({ holds: true });
      expect(w.jamf.state.computers.has(heldEntry.id)).toBe(true);
      expect(requestsTo(w.jamf, 'DELETE', heldEntry.id)).toHaveLength(0);
      await pb.disable(workflow);
    },
    PLAYBOOK_TEST_MS,
  );
});
