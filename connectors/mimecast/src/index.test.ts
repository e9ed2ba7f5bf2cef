import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL, mimecast, mimecastConfigSchema } from './index.js';

describe('mimecast connector definition', () => {
  it('declares the email-security connector, its secret and four actions', () => {
    expect(mimecast).toMatchObject({ id: 'mimecast', title: 'Mimecast', category: 'email_security' });
    expect(mimecast.auth.type).toBe('oauth2_client_credentials');
    expect(mimecast.auth.secrets.map((s) => s.key)).toEqual(['clientSecret']);
    expect(mimecast.streams).toEqual({});
    const flags = Object.fromEntries(
      Object.entries(mimecast.actions).map(([name, a]) => [name, [a.reversible, a.destructive]]),
    );
    expect(flags).toEqual({
      blockSender: [true, false],
      permitSender: [true, false],
      createBlockedSenderPolicy: [true, false],
      deleteBlockedSenderPolicy: [false, false],
    });
  });

  it('defaults to the global API host, allows regional ones, trims slashes and refuses unknown keys', () => {
    expect(mimecastConfigSchema.parse({ clientId: 'c', environment: 'EU prod' })).toEqual({
      baseUrl: DEFAULT_BASE_URL,
      clientId: 'c',
      environment: 'EU prod',
      pageSize: 100,
      http: {},
    });
    expect(
      mimecastConfigSchema.parse({
        baseUrl: 'https://uk-api.services.mimecast.com/',
        clientId: 'c',
        environment: 'UK',
      }).baseUrl,
    ).toBe('https://uk-api.services.mimecast.com');
    expect(mimecastConfigSchema.safeParse({ clientId: 'c' }).success).toBe(false);
    expect(mimecastConfigSchema.safeParse({ clientId: 'c', environment: 'x', extra: 1 }).success).toBe(false);
    expect(
      mimecastConfigSchema.safeParse({ clientId: 'c', environment: 'x', http: { retries: 1 } }).success,
    ).toBe(false);
  });

  it('takes tokens from {baseUrl}/oauth/token with the secret in the form body, never as a secret value out', async () => {
    let seen: { url: string; body: string } | undefined;
    const fetchStub: typeof fetch = (input, init) => {
      seen = { url: String(input), body: String(init?.body) };
      return Promise.resolve(
        new Response(JSON.stringify({ access_token: 'tok', token_type: 'Bearer', expires_in: 1799 }), {
          headers: { 'content-type': 'application/json' },
        }),
      );
    };
    const config = mimecastConfigSchema.parse({ clientId: 'cid', environment: 'x' });
    const scheme = mimecast.auth.create(config, { clientSecret: 's3cret-value' });
    expect(scheme.type).toBe('oauth2_client_credentials');
    expect(scheme.secretValues()).toContain('s3cret-value');
    // The scheme reads the global fetch when it asks for a token: stub it for this one offline check.
    const original = globalThis.fetch;
    globalThis.fetch = fetchStub;
    try {
      expect((await scheme.credentials()).headers).toEqual({ Authorization: 'Bearer tok' });
    } finally {
      globalThis.fetch = original;
    }
    expect(seen?.url).toBe(`${DEFAULT_BASE_URL}/oauth/token`);
    expect(Object.fromEntries(new URLSearchParams(seen?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'cid',
      client_secret: 's3cret-value',
    });
  });
});
