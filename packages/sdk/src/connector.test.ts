import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { noAuth } from './auth/auth-scheme.js';
import { defineAction, defineConnector, type ConnectorDefinition } from './connector.js';
import type { Json } from './json.js';
import { mapError } from './mapping.js';
import { acme, computers, lock, type AcmeConfig } from './testing/acme-connector.js';

const minimal = (): ConnectorDefinition<{ url: string }> => ({
  id: 'generic-http',
  title: 'Generic HTTP',
  category: 'generic',
  configSchema: z.object({ url: z.string() }),
  auth: { type: 'none', secrets: [], create: () => noAuth() },
  http: (config) => ({ baseUrl: config.url }),
  streams: {},
  actions: {},
  test: () => Promise.resolve({ ok: true, message: 'ok' }),
});

describe('defineConnector', () => {
  it('returns a valid definition as is', () => {
    const def = minimal();
    expect(defineConnector(def)).toBe(def);
    expect(Object.keys(acme.streams)).toEqual(['computers']);
    expect(acme.actions.lock).toMatchObject({ reversible: false, destructive: false });
  });

  it('rejects malformed metadata at definition time, naming the fields', () => {
    const bad = {
      ...minimal(),
      id: 'Generic HTTP',
      category: 'crm' as 'generic',
      auth: {
        ...minimal().auth,
        secrets: [
          { key: 'token', label: 'A' },
          { key: 'token', label: 'B' },
        ],
      },
      streams: {
        'bad name': {
          kind: 'gadget' as 'device',
          mode: 'full' as const,
          read: async function* () {},
          map: () => mapError('unused'),
        },
      },
    };
    expect(() => defineConnector(bad)).toThrow(
      /id: .*category: .*auth\.secrets: secret keys must be unique.*streams/,
    );
  });

  it('checks an action target names an entity kind and an input field', () => {
    const action = (target: unknown) => ({
      title: 'Lock',
      inputSchema: z.object({ computerId: z.string() }),
      reversible: false,
      destructive: false,
      target,
      execute: () => Promise.resolve({ status: 'accepted' as const }),
    });
    const withTarget = (target: unknown) =>
      ({ ...minimal(), actions: { lock: action(target) } }) as unknown as ConnectorDefinition<{
        url: string;
      }>;
    expect(() => defineConnector(withTarget({ kind: 'device', field: 'computerId' }))).not.toThrow();
    expect(() => defineConnector(withTarget({ kind: 'gadget', field: 'computerId' }))).toThrow(
      /actions\.lock\.target\.kind/,
    );
    expect(() => defineConnector(withTarget({ kind: 'device', field: 'computer id' }))).toThrow(
      /actions\.lock\.target\.field/,
    );
  });

  it('infers config, checkpoint and action input types', () => {
    expectTypeOf(acme).toEqualTypeOf<ConnectorDefinition<AcmeConfig>>();
    expectTypeOf(computers.read).parameter(1).toEqualTypeOf<Json | undefined>();
    expectTypeOf(lock.execute).parameter(1).toEqualTypeOf<{ managementId: string; pin: string }>();
    const action = defineAction({
      title: 'Suspend',
      inputSchema: z.object({ userId: z.string() }),
      reversible: true,
      destructive: false,
      execute: (_ctx, input) => Promise.resolve({ status: 'succeeded', message: input.userId }),
    });
    expectTypeOf(action.execute).parameter(1).toEqualTypeOf<{ userId: string }>();
  });
});
