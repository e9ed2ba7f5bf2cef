import { describe, expect, it } from 'vitest';
import type { ActionExecution } from './connectors.types.js';
import { historyLabels, type HistoryContext } from './historyLabels.js';

const row = (over: Partial<ActionExecution> = {}): ActionExecution => ({
  id: 'x1',
  instanceId: 'inst-1',
  instanceName: null,
  action: 'suspend',
  title: null,
  idempotencyKey: 'key-12345',
  status: 'succeeded',
  externalId: null,
  message: null,
  error: null,
  target: { type: 'person', id: 'p1' },
  replayed: false,
  createdAt: '2024-01-01T00:00:00.000Z',
  finishedAt: null,
  ...over,
});

const source = {
  instanceId: 'inst-1',
  instanceName: 'Okta live',
  actions: [
    {
      name: 'suspend',
      title: 'Suspend Okta user',
      description: null,
      destructive: false,
      reversible: true,
      targetField: 'user',
      inputSchema: {},
    },
  ],
};
const none: HistoryContext = { sources: [], instances: undefined };

describe('historyLabels', () => {
  it('prefers the title and instance name the server recorded', () => {
    const labels = historyLabels(row({ title: 'Okta: suspend user', instanceName: 'Okta (old name)' }), {
      sources: [source],
      instances: [{ id: 'inst-1', name: 'Okta live' }],
    });
    expect(labels).toEqual({
      title: 'Okta: suspend user',
      instance: 'Okta (old name)',
      instanceDeleted: false,
    });
  });

  it('names a preset or inline HTTP row by its recorded title, not its raw action', () => {
    expect(
      historyLabels(row({ action: 'preset:builtin.okta.suspend', title: 'Okta: suspend user' }), none).title,
    ).toBe('Okta: suspend user');
    expect(historyLabels(row({ action: 'http:inline', title: 'HTTP request' }), none).title).toBe(
      'HTTP request',
    );
  });

  it('falls back, on old rows, to the live action title, then to the raw action name', () => {
    expect(historyLabels(row(), { sources: [source], instances: undefined }).title).toBe('Suspend Okta user');
    expect(historyLabels(row({ action: 'preset:custom.1' }), none).title).toBe('preset:custom.1');
  });

  it('keeps the recorded name of a deleted instance and says it is deleted', () => {
    const labels = historyLabels(row({ instanceName: 'Okta e2e' }), { sources: [], instances: [] });
    expect(labels).toEqual({ title: 'suspend', instance: 'Okta e2e (deleted)', instanceDeleted: true });
  });

  it('without a recorded name: the current name, else "Deleted instance", else the id', () => {
    expect(
      historyLabels(row(), { sources: [], instances: [{ id: 'inst-1', name: 'Renamed' }] }).instance,
    ).toBe('Renamed');
    expect(historyLabels(row(), { sources: [], instances: [{ id: 'other', name: 'Other' }] }).instance).toBe(
      'Deleted instance',
    );
    expect(historyLabels(row(), none).instance).toBe('inst-1');
  });
});
