// Jamf Pro keeps no idempotency key: a lock or erase resumed after a crash (`resumingSince`), or re-sent
// after a lost answer, looks for its command in the device's command list before sending it again.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { instantiateConnector } from '@steward/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJamfWorld, type JamfWorld } from './e2e.fixture.js';
import { jamfPro } from './index.js';
import type { ComputerEntry, MdmCommand } from './simulator/index.js';

const COMMANDS = '/api/v2/mdm/commands';

let w: JamfWorld;
beforeAll(async () => {
  w = await startJamfWorld({ devices: 40 });
});
afterAll(async () => w?.close());

let keys = 0;
const key = () => `resume-${++keys}`;
const computer = (n: number): ComputerEntry => w.sim.state.computers.get(w.sim.state.computerIds[n]!)!;
const commandPosts = () => w.sim.server.requests.filter((r) => r.method === 'POST' && r.path === COMMANDS);
const locksOf = (c: ComputerEntry) =>
  w.sim.state.commandsFor(c.managementId).filter((m) => m.commandType === 'DEVICE_LOCK');

/** A command Jamf already holds for the computer, as if queued `ago` ms before now. */
function queued(c: ComputerEntry, commandType: string, ago: number): MdmCommand {
  const command: MdmCommand = {
    uuid: `older-${commandType}-${w.sim.state.commands.length}`,
    client: { managementId: c.managementId, clientType: 'COMPUTER' },
    commandState: 'PENDING',
    commandType,
    dateSent: new Date(Date.now() - ago).toISOString(),
    dateCompleted: null,
    commandData: { commandType },
  };
  w.sim.state.commands.push(command);
  return command;
}

describe('Jamf Pro actions resumed after a crash', () => {
  it('declares lock and erase as looked up, the PATCHes and the delete as repeated', () => {
    const policies = Object.fromEntries(Object.entries(jamfPro.actions).map(([n, a]) => [n, a.resume]));
    expect(policies).toEqual({
      lock: 'lookup',
      erase: 'lookup',
      setUserAndLocation: 'repeat',
      setExtensionAttribute: 'repeat',
      pushPurchasing: 'repeat',
      deleteComputer: 'repeat',
    });
  });

  it('finds a lock the cut-off attempt had queued, and does not send it again', async () => {
    const target = computer(0);
    const k = key();
    const since = new Date(Date.now() - 50).toISOString();
    // The attempt that died: its POST reached Jamf, its answer went nowhere.
    const first = await w.instance.executeAction(
      'lock',
      { computerId: target.id, pin: '111111' },
      { idempotencyKey: k },
    );
    const posts = commandPosts().length;

    const resumed = await w.instance.executeAction(
      'lock',
      { computerId: target.id, pin: '111111' },
      { idempotencyKey: k, resumingSince: since },
    );
    expect(resumed).toEqual({
      status: 'accepted',
      externalId: first.externalId,
      message:
        'Jamf Pro already held the lock, queued by an earlier attempt that was cut off, so it was not sent again; the Mac locks when it next checks in with MDM.',
      data: { managementId: target.managementId, commandType: 'DEVICE_LOCK' },
    });
    expect(commandPosts()).toHaveLength(posts);
    expect(locksOf(target)).toHaveLength(1);
    const lookup = w.sim.server.requests.findLast((r) => r.method === 'GET' && r.path === COMMANDS);
    expect(decodeURIComponent(lookup?.query ?? '')).toContain(
      `filter=clientManagementId=="${target.managementId}"`,
    );
  });

  it('sends a lock the cut-off attempt never queued, past older locks and other commands on later pages', async () => {
    const target = computer(1);
    // Six pages' worth of history at page-size 5: locks from before the attempt, and an erase since.
    for (let i = 0; i < 25; i++) queued(target, 'DEVICE_LOCK', 3_600_000 + i * 1000);
    queued(target, 'ERASE_DEVICE', 10);
    const since = new Date(Date.now() - 50).toISOString();
    const posts = commandPosts().length;

    const resumed = await w.instance.executeAction(
      'lock',
      { computerId: target.id, pin: '222222' },
      { idempotencyKey: key(), resumingSince: since },
    );
    expect(resumed.message).toBe('Jamf Pro queued the lock; the Mac locks when it next checks in with MDM.');
    expect(commandPosts()).toHaveLength(posts + 1);
    const sent = locksOf(target).filter((m) => m.uuid === resumed.externalId);
    expect(sent).toMatchObject([{ commandData: { commandType: 'DEVICE_LOCK', pin: '222222' } }]);
    expect(locksOf(target)).toHaveLength(26);
    const lookups = w.sim.server.requests.filter((r) => r.method === 'GET' && r.path === COMMANDS);
    expect(lookups.length).toBeGreaterThanOrEqual(6);
  });

  it('finds an erase the cut-off attempt had queued', async () => {
    const target = computer(2);
    const earlier = queued(target, 'ERASE_DEVICE', 0);
    const resumed = await w.instance.executeAction(
      'erase',
      { computerId: target.id, pin: '333333' },
      { idempotencyKey: key(), resumingSince: new Date(Date.now() - 1000).toISOString() },
    );
    expect(resumed).toMatchObject({ status: 'accepted', externalId: earlier.uuid });
    expect(w.sim.state.commandsFor(target.managementId)).toEqual([earlier]);
  });

  it('takes a 404 to a resumed delete as the cut-off attempt’s work, and only then', async () => {
    const target = computer(3);
    await w.instance.executeAction('deleteComputer', { computerId: target.id }, { idempotencyKey: key() });
    const resumed = await w.instance.executeAction(
      'deleteComputer',
      { computerId: target.id },
      { idempotencyKey: key(), resumingSince: new Date().toISOString() },
    );
    expect(resumed).toMatchObject({
      status: 'succeeded',
      message: `Jamf Pro no longer has computer ${target.id}: an earlier attempt deleted it.`,
      observations: [{ sourceKey: target.id, deleted: true }],
    });
    await expect(
      w.instance.executeAction('deleteComputer', { computerId: target.id }, { idempotencyKey: key() }),
    ).rejects.toThrow(/404 INVALID_ID/);
  });
});

/** Forwards to the simulator, and drops the connection of the first matching request once answered. */
async function startLossyProxy(upstream: string, lose: (req: IncomingMessage) => boolean) {
  let lost = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && k !== 'host'),
        ) as Record<string, string>;
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const answer = await fetch(`${upstream}${req.url}`, { method: req.method, headers, body });
        const text = await answer.text();
        if (lost === 0 && lose(req)) {
          lost++;
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get lost() {
      return lost;
    },
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('Jamf Pro MDM commands re-sent after a lost answer', () => {
  it('finds the command the lost POST had queued instead of queueing a second one', async () => {
    const proxy = await startLossyProxy(w.sim.server.url, (r) => r.method === 'POST' && r.url === COMMANDS);
    try {
      const instance = instantiateConnector(jamfPro, {
        config: { ...w.sim.config, baseUrl: proxy.url, backoffBaseMs: 5, backoffMaxMs: 20 },
        secrets: w.sim.secrets,
      });
      const target = computer(4);
      const result = await instance.executeAction(
        'lock',
        { computerId: target.id, pin: '444444' },
        { idempotencyKey: key() },
      );
      expect(proxy.lost).toBe(1);
      expect(locksOf(target)).toHaveLength(1);
      expect(result.externalId).toBe(locksOf(target)[0]?.uuid);
    } finally {
      await proxy.close();
    }
  });

  it('sends the command again when the dropped POST never reached Jamf', async () => {
    const target = computer(5);
    w.sim.server.faults.inject({ type: 'drop_connection', times: 1, path: COMMANDS });
    const posts = commandPosts().length;
    const result = await w.instance.executeAction(
      'lock',
      { computerId: target.id, pin: '555555' },
      { idempotencyKey: key() },
    );
    expect(w.sim.server.faults.fired.at(-1)).toBe('drop_connection');
    expect(commandPosts()).toHaveLength(posts + 2);
    expect(locksOf(target).map((m) => m.uuid)).toEqual([result.externalId]);
  });
});
