import { createPrivateKey } from 'node:crypto';
import { signServiceAccountAssertion } from '@steward/sdk';
import { simulatedFleet } from '@steward/sdk/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedServiceAccount } from '../e2e.helpers.js';
import {
  SIM_CLIENT_EMAIL,
  simulator,
  startGoogleWorkspaceSimulator,
  type GoogleWorkspaceSimulator,
} from './index.js';

let sim: GoogleWorkspaceSimulator | undefined;
afterEach(async () => {
  await sim?.server.close();
  sim = undefined;
});

const SCOPE = 'https://www.googleapis.com/auth/admin.directory.user';

async function start(devices = 30): Promise<GoogleWorkspaceSimulator> {
  sim = await startGoogleWorkspaceSimulator({
    fleet: simulatedFleet({ devices, seed: 2 }),
    serviceAccount: await sharedServiceAccount(),
  });
  return sim;
}

/** Posts an assertion signed with the simulator's key, claims adjustable. */
async function exchange(
  s: GoogleWorkspaceSimulator,
  claims: {
    aud?: string;
    lifetimeSeconds?: number;
    issuedAt?: number;
    grantType?: string;
    subject?: string;
  } = {},
) {
  const key = JSON.parse(s.serviceAccountKey) as { private_key: string };
  const assertion = signServiceAccountAssertion({
    clientEmail: SIM_CLIENT_EMAIL,
    key: createPrivateKey(key.private_key),
    scopes: [SCOPE],
    subject: claims.subject ?? s.adminEmail,
    tokenUri: claims.aud ?? s.token.tokenUri,
    issuedAt: claims.issuedAt ?? Math.floor(Date.now() / 1000),
    lifetimeSeconds: claims.lifetimeSeconds,
  });
  const res = await fetch(s.token.tokenUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: claims.grantType ?? 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function api(s: GoogleWorkspaceSimulator, path: string) {
  const { body } = await exchange(s);
  const res = await fetch(`${s.server.url}${path}`, {
    headers: { authorization: `Bearer ${String(body.access_token)}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Google Workspace simulator', () => {
  it('issues a token for a valid assertion, and refuses a wrong audience, an expired assertion, another grant type and an unknown subject', async () => {
    const s = await start();
    expect(await exchange(s)).toEqual({
      status: 200,
      body: {
        access_token: expect.stringMatching(/^ya29\./) as string,
        expires_in: 3599,
        token_type: 'Bearer',
      },
    });
    const wrongAud = await exchange(s, { aud: 'https://oauth2.googleapis.com/token' });
    expect(wrongAud).toEqual({
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: `Invalid JWT: Failed audience check. The right audience is ${s.token.tokenUri}`,
      },
    });
    const stale = await exchange(s, { issuedAt: Math.floor(Date.now() / 1000) - 7200 });
    expect(stale.body.error_description).toMatch(/short-lived token \(60 minutes\)/);
    const grant = await exchange(s, { grantType: 'client_credentials' });
    expect(grant.body).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Invalid grant_type: client_credentials',
    });
    const stranger = await exchange(s, { subject: 'nobody@example.com' });
    expect(stranger.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid email or User ID' });
  });

  it('answers users.list in Google shapes, and its errors in the Google envelope', async () => {
    const s = await start();
    const page = await api(s, '/admin/directory/v1/users?customer=my_customer&maxResults=5');
    expect(page.body).toMatchObject({
      kind: 'admin#directory#users',
      nextPageToken: expect.any(String) as string,
    });
    expect((page.body.users as unknown[]).length).toBe(5);
    expect((page.body.users as Array<Record<string, unknown>>)[0]).toMatchObject({
      kind: 'admin#directory#user',
      id: expect.stringMatching(/^\d{21}$/) as string,
      name: { fullName: expect.any(String) as string },
      orgUnitPath: expect.stringMatching(/^\//) as string,
      creationTime: expect.any(String) as string,
      lastLoginTime: expect.any(String) as string,
    });
    const beyond = await api(s, `/admin/directory/v1/users?customer=my_customer&maxResults=500`);
    expect(beyond.body).not.toHaveProperty('nextPageToken');

    const noCustomer = await api(s, '/admin/directory/v1/users');
    expect(noCustomer).toEqual({
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'Bad Request',
          errors: [{ message: 'Bad Request', domain: 'global', reason: 'badRequest' }],
          status: 'INVALID_ARGUMENT',
        },
      },
    });
    const tooMany = await api(s, '/admin/directory/v1/users?customer=my_customer&maxResults=501');
    expect(tooMany.body).toMatchObject({ error: { code: 400, errors: [{ reason: 'invalid' }] } });
    const anon = await fetch(`${s.server.url}/admin/directory/v1/users?customer=my_customer`);
    expect(anon.status).toBe(401);
    expect(await anon.json()).toMatchObject({ error: { code: 401, errors: [{ reason: 'authError' }] } });
  });

  it('serves a 50,000-device fleet page by page without precomputing it', async () => {
    const started = performance.now();
    const s = await start(50_000);
    const token = Buffer.from('users:30000').toString('base64url');
    const page = await api(
      s,
      `/admin/directory/v1/users?customer=my_customer&maxResults=500&pageToken=${token}`,
    );
    expect((page.body.users as unknown[]).length).toBe(500);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('starts as a SimulatorDefinition whose config and secrets a connector uses as is', async () => {
    const started = await simulator.start({ fleet: simulatedFleet({ devices: 5 }) });
    try {
      const key = JSON.parse(started.secrets.serviceAccountKey ?? '{}') as Record<string, string>;
      expect(key).toMatchObject({
        type: 'service_account',
        client_email: SIM_CLIENT_EMAIL,
        token_uri: `${started.server.url}/token`,
      });
      expect(key.private_key).toContain('BEGIN PRIVATE KEY');
      expect(started.config).toMatchObject({ baseUrl: started.server.url, customer: 'my_customer' });
    } finally {
      await started.server.close();
    }
  });
});
