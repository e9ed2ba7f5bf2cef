import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../http/transport.js';
import { HttpError } from '../http/errors.js';
import { pathOf, sendJson, startTestServer, type TestServer } from '../testing/http-test-server.js';
import { googleServiceAccount, googleServiceAccountKey } from './google-service-account.js';

const SCOPE = 'https://www.googleapis.com/auth/admin.directory.user';
let publicKey: KeyObject;
let privatePem: string;
let server: TestServer;
const assertions: Array<{
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  verified: boolean;
}> = [];

function decodePart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  publicKey = pair.publicKey;
  privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  server = await startTestServer((req, res) => {
    if (pathOf(req) === '/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        return sendJson(res, 400, { error: 'unsupported_grant_type' });
      }
      const [h, c, s] = (form.get('assertion') ?? '').split('.');
      const verified = verify(
        'RSA-SHA256',
        Buffer.from(`${h}.${c}`),
        publicKey,
        Buffer.from(s ?? '', 'base64url'),
      );
      assertions.push({ header: decodePart(h), claims: decodePart(c), verified });
      if (!verified)
        return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      return sendJson(res, 200, { access_token: 'ya29.test-token', expires_in: 3599, token_type: 'Bearer' });
    }
    if (req.headers.authorization !== 'Bearer ya29.test-token')
      return sendJson(res, 401, { error: { code: 401 } });
    sendJson(res, 200, { kind: 'admin#directory#users', users: [] });
  });
});
afterAll(() => server.close());

describe('googleServiceAccount', () => {
  it('exchanges a valid RS256 JWT assertion (iss, scope, aud, iat, exp, sub) for an access token', async () => {
    const before = Math.floor(Date.now() / 1000);
    const auth = googleServiceAccount({
      clientEmail: 'steward@project.iam.gserviceaccount.com',
      privateKey: privatePem,
      privateKeyId: 'key-1',
      scopes: [SCOPE, 'https://www.googleapis.com/auth/admin.directory.device.chromeos'],
      subject: 'admin@example.com',
      tokenUri: `${server.url}/token`,
    });
    const http = createTransport({ baseUrl: server.url, auth });

    const res = await http.request({ path: '/admin/directory/v1/users', query: { customer: 'my_customer' } });
    await http.request({ path: '/admin/directory/v1/users' });

    expect(res.status).toBe(200);
    expect(assertions).toHaveLength(1); // cached for the second call
    const [{ header, claims, verified }] = assertions as [(typeof assertions)[number]];
    expect(verified).toBe(true);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'key-1' });
    expect(claims).toMatchObject({
      iss: 'steward@project.iam.gserviceaccount.com',
      sub: 'admin@example.com',
      scope: `${SCOPE} https://www.googleapis.com/auth/admin.directory.device.chromeos`,
      aud: `${server.url}/token`,
    });
    const iat = claims.iat as number;
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(iat).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(claims.exp).toBe(iat + 3600);
  });

  it('reads a service-account key file', () => {
    const key = googleServiceAccountKey(
      JSON.stringify({
        type: 'service_account',
        client_email: 'a@b.iam.gserviceaccount.com',
        private_key: privatePem,
        private_key_id: 'k',
        token_uri: 'https://oauth2.googleapis.com/token',
      }),
    );
    expect(key).toEqual({
      clientEmail: 'a@b.iam.gserviceaccount.com',
      privateKey: privatePem,
      privateKeyId: 'k',
      tokenUri: 'https://oauth2.googleapis.com/token',
    });
    expect(() => googleServiceAccountKey('{"type":"service_account"}')).toThrow(/client_email, private_key/);
  });

  it('refuses a broken key without quoting it', () => {
    const broken = '-----BEGIN PRIVATE KEY-----\nnot-a-key-but-secret\n-----END PRIVATE KEY-----';
    let message = '';
    try {
      googleServiceAccount({ clientEmail: 'x@y', privateKey: broken, scopes: [SCOPE] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('not a valid PEM key');
    expect(message).not.toContain('not-a-key-but-secret');
  });

  it('reports a rejected assertion without the assertion or the key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey; // small: only its signature matters
    const auth = googleServiceAccount({
      clientEmail: 'x@y',
      privateKey: other.export({ type: 'pkcs8', format: 'pem' }).toString(),
      scopes: [SCOPE],
      tokenUri: `${server.url}/token`,
    });
    const http = createTransport({ baseUrl: server.url, auth });

    const error = (await http
      .request({ path: '/admin/directory/v1/users' })
      .catch((e: unknown) => e)) as HttpError;

    expect(error).toBeInstanceOf(HttpError);
    expect(error.code).toBe('token_request_failed');
    expect(error.vendorCode).toBe('invalid_grant');
    expect(error.message).not.toMatch(/eyJ/); // no JWT
  });
});
