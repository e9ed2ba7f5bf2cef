import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../http/transport.js';
import { HttpError } from '../http/errors.js';
import { sendJson, startTestServer, type TestServer } from '../testing/http-test-server.js';
import { basicAuth } from './basic.js';
import { staticHeader } from './static-header.js';

const TOKEN = '00abcDEFghiJKLmnoPQRstu';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (req.headers.authorization === `SSWS ${TOKEN}` || req.headers['x-api-key'] === TOKEN) {
      return sendJson(res, 200, []);
    }
    if (req.headers.authorization === `Basic ${Buffer.from('svc:pa55word!').toString('base64')}`) {
      return sendJson(res, 200, { result: [] });
    }
    // Okta's invalid-token answer, echoing what it got (some servers do).
    sendJson(res, 401, {
      errorCode: 'E0000011',
      errorSummary: `Invalid token provided: ${req.headers.authorization ?? ''}`,
    });
  });
});
afterAll(() => server.close());

describe('static credentials', () => {
  it('sends an SSWS token in Authorization', async () => {
    const http = createTransport({
      baseUrl: server.url,
      auth: staticHeader({ header: 'Authorization', prefix: 'SSWS', token: TOKEN }),
    });
    expect((await http.request({ path: '/api/v1/users' })).status).toBe(200);
  });

  it('sends a bare key in a custom header', async () => {
    const http = createTransport({
      baseUrl: server.url,
      auth: staticHeader({ header: 'X-API-Key', token: TOKEN }),
    });
    expect((await http.request({ path: '/x' })).status).toBe(200);
  });

  it('sends HTTP Basic', async () => {
    const http = createTransport({
      baseUrl: server.url,
      auth: basicAuth({ username: 'svc', password: 'pa55word!' }),
    });
    expect((await http.request({ path: '/api/now/table/incident' })).json).toEqual({ result: [] });
  });

  it('does not re-authenticate a static token on 401, and keeps it out of the error', async () => {
    const wrong = `${TOKEN}-revoked`;
    const http = createTransport({
      baseUrl: server.url,
      auth: staticHeader({ header: 'Authorization', prefix: 'SSWS', token: wrong }),
    });
    const before = server.requests.length;

    const error = (await http.request({ path: '/api/v1/users' }).catch((e: unknown) => e)) as HttpError;

    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, vendorCode: 'E0000011' });
    expect(server.requests.length - before).toBe(1);
    expect(error.message).toContain('Invalid token provided');
    expect(error.message).not.toContain(wrong);
    expect(error.bodySnippet).not.toContain(wrong);
  });

  it('refuses empty secrets up front', () => {
    expect(() => staticHeader({ header: 'Authorization', token: '' })).toThrow(/empty/);
    expect(() => basicAuth({ username: 'u', password: '' })).toThrow(/required/);
  });
});
