import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errors, isStewardError } from '@steward/domain';
import { defineAction } from './connector.js';
import { instantiateConnector } from './instance.js';
import type { TransportEvent } from './http/transport-types.js';
import { acme } from './testing/acme-connector.js';
import { ACME_SECRET, acmeComputer, startAcmeServer, type AcmeServer } from './testing/acme-server.js';

let server: AcmeServer;
afterEach(() => server.close());

async function start() {
  server = await startAcmeServer([acmeComputer(1)]);
  return { baseUrl: server.url, clientId: 'steward' };
}

describe('instantiateConnector', () => {
  it('validates the configuration against the connector schema, with defaults', async () => {
    const config = await start();
    const instance = instantiateConnector(acme, { config, secrets: { clientSecret: ACME_SECRET } });
    expect(instance.config).toEqual({ ...config, pageSize: 3 });

    let error: unknown;
    try {
      instantiateConnector(acme, { config: { baseUrl: 'not a url' }, secrets: { clientSecret: 'x' } });
    } catch (e) {
      error = e;
    }
    expect(isStewardError(error) && error.details.map((d) => d.path)).toEqual(['baseUrl', 'clientId']);
  });

  it('names missing secrets without their values', async () => {
    const config = await start();
    expect(() => instantiateConnector(acme, { config, secrets: {} })).toThrow(
      'Acme MDM needs Client secret.',
    );
  });

  it('tests the connection: ok, or the reason without the secret', async () => {
    const config = await start();
    const good = instantiateConnector(acme, { config, secrets: { clientSecret: ACME_SECRET } });
    expect(await good.test()).toEqual({ ok: true, message: 'Connected.' });

    const bad = instantiateConnector(acme, { config, secrets: { clientSecret: 'wrong-secret-123' } });
    const result = await bad.test();
    expect(result.ok).toBe(false);
    expect(result.message).toContain('answered 401 (invalid_client)');
    expect(result.message).not.toContain('wrong-secret-123');
  });

  it('executes an action with validated input and the idempotency key, and reports telemetry', async () => {
    const config = await start();
    const events: TransportEvent[] = [];
    const instance = instantiateConnector(acme, {
      config,
      secrets: { clientSecret: ACME_SECRET },
      onEvent: (e) => events.push(e),
    });

    const result = await instance.executeAction(
      'lock',
      { managementId: 'm-1', pin: '123456' },
      { idempotencyKey: 'k1' },
    );

    expect(result).toEqual({ status: 'accepted', externalId: '51' });
    expect(server.commands).toEqual([
      { clientData: [{ managementId: 'm-1' }], commandData: { commandType: 'DEVICE_LOCK', pin: '123456' } },
    ]);
    expect(events).toContainEqual({ type: 'token-refreshed', reason: 'initial', expiresInSeconds: 599 });
    await expect(
      instance.executeAction('lock', { managementId: 'm-1', pin: '12' }, { idempotencyKey: 'k2' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'pin' }],
    });
    await expect(instance.executeAction('wipe', {}, { idempotencyKey: 'k3' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(instance.runStream('nope', { onBatch: () => undefined })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('redacts secrets from the errors an action builds itself', async () => {
    const config = await start();
    const leaky = {
      ...acme,
      actions: {
        ...acme.actions,
        echo: defineAction({
          title: 'Echo',
          inputSchema: z.object({}),
          reversible: false,
          destructive: false,
          execute: () => {
            throw errors.upstream(`The vendor said: bad client secret ${ACME_SECRET}`);
          },
        }),
      },
    };
    const instance = instantiateConnector(leaky, { config, secrets: { clientSecret: ACME_SECRET } });
    const failure = await instance
      .executeAction('echo', {}, { idempotencyKey: 'k' })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'upstream_failed', status: 502 });
    expect(String((failure as Error).message)).toContain('bad client secret');
    expect(String((failure as Error).message)).not.toContain(ACME_SECRET);
  });

  it('shares one transport (one concurrency limit) across streams and actions', async () => {
    const config = await start();
    const instance = instantiateConnector(acme, { config, secrets: { clientSecret: ACME_SECRET } });
    expect(instance.context().http).toBe(instance.http);
  });
});
