import { describe, expect, it } from 'vitest';
import { message, type AgentMessage } from './messages.js';
import { checkAgentMessage, parseAgentMessage, parseServerMessage } from './parse.js';
import { splitCredential } from './http.js';
import { MAX_MESSAGE_BYTES } from './version.js';

const inventory = {
  hostname: 'mac-17',
  serialNumber: 'C02XYZ',
  os: { platform: 'darwin', name: 'macOS', version: '15.1' },
  network: [{ name: 'en0', mac: 'aa:bb:cc:dd:ee:ff' }],
  disks: [{ name: 'disk1', encrypted: true }],
  software: [{ name: 'Chrome', version: '131.0' }],
};

describe('agent messages', () => {
  it('accepts each message type and fills defaults', () => {
    const full = parseAgentMessage(
      JSON.stringify({
        v: 1,
        type: 'inventory',
        id: 'r1',
        mode: 'full',
        observedAt: '2026-12-03T10:00:00Z',
        inventory,
      }),
    );
    expect(full.ok).toBe(true);
    if (full.ok && full.message.type === 'inventory' && full.message.mode === 'full')
      expect(full.message.inventory.network[0]?.virtual).toBe(false);
    const result = parseAgentMessage(
      JSON.stringify(
        message<AgentMessage>({
          type: 'task.result',
          taskId: 't1',
          status: 'failed',
          finishedAt: '2026-12-03T10:00:00Z',
          error: 'exit 2',
        }),
      ),
    );
    expect(result).toMatchObject({
      ok: true,
      message: { type: 'task.result', status: 'failed', error: 'exit 2' },
    });
  });

  it('names the field that is wrong and keeps the connection', () => {
    const bad = parseAgentMessage(JSON.stringify({ v: 1, type: 'task.ack' }));
    expect(bad).toEqual({
      ok: false,
      fault: {
        code: 'bad_message',
        message: expect.stringContaining('taskId'),
        fatal: false,
        about: 'task.ack',
      },
    });
    expect(parseAgentMessage('{not json')).toMatchObject({
      ok: false,
      fault: { code: 'bad_json', fatal: false },
    });
    expect(parseAgentMessage('[1]')).toMatchObject({ ok: false, fault: { code: 'bad_message' } });
    expect(parseAgentMessage(JSON.stringify({ v: 1, type: 'launch' }))).toMatchObject({
      ok: false,
      fault: { code: 'bad_message', about: 'launch' },
    });
    // A failed result needs its error.
    expect(
      parseAgentMessage(
        JSON.stringify({
          v: 1,
          type: 'task.result',
          taskId: 't',
          status: 'failed',
          finishedAt: '2026-12-03T10:00:00Z',
        }),
      ).ok,
    ).toBe(false);
  });

  it('closes on a version it does not speak and on oversized frames', () => {
    expect(parseAgentMessage(JSON.stringify({ v: 2, type: 'heartbeat' }))).toMatchObject({
      ok: false,
      fault: { code: 'unsupported_version', fatal: true },
    });
    const huge = Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20);
    expect(parseAgentMessage(huge)).toMatchObject({ ok: false, fault: { code: 'too_large', fatal: true } });
  });

  it('checks decoded items the same way', () => {
    expect(checkAgentMessage({ v: 1, type: 'heartbeat' })).toEqual({
      ok: true,
      message: { v: 1, type: 'heartbeat' },
    });
    expect(checkAgentMessage({ v: 1, type: 'heartbeat', extra: 1 }).ok).toBe(false);
  });
});

describe('server messages', () => {
  it('parses a pushed task and rejects one without a deadline', () => {
    const task = { id: 't1', type: 'inventory', parameters: {}, deadline: '2026-12-03T11:00:00Z' };
    expect(parseServerMessage(JSON.stringify({ v: 1, type: 'task', task })).ok).toBe(true);
    expect(
      parseServerMessage(JSON.stringify({ v: 1, type: 'task', task: { ...task, deadline: undefined } })).ok,
    ).toBe(false);
  });
});

describe('credentials', () => {
  it('splits <agentId>.<secret> and refuses anything else', () => {
    expect(splitCredential('ag_1.abcdefghijklmnopqrstuvwxyz')).toEqual({
      agentId: 'ag_1',
      secret: 'abcdefghijklmnopqrstuvwxyz',
    });
    expect(splitCredential('no-dot-here-abcdefghijklmnopqrstuvwxyz')).toBeNull();
    expect(splitCredential('a.short')).toBeNull();
  });
});
