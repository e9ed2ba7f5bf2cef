import { describe, expect, it } from 'vitest';
import { okta, oktaConfigSchema } from './index.js';

describe('okta connector definition', () => {
  it('declares the directory connector, its secret, stream and actions', () => {
    expect(okta).toMatchObject({ id: 'okta', title: 'Okta', category: 'directory' });
    expect(okta.auth.type).toBe('static_header');
    expect(okta.auth.secrets.map((s) => s.key)).toEqual(['apiToken']);
    expect(okta.streams.users).toMatchObject({ kind: 'person', mode: 'full' });
    expect(Object.keys(okta.actions)).toEqual(['suspend', 'unsuspend', 'deactivate']);
    for (const action of Object.values(okta.actions))
      expect(action.target).toEqual({ kind: 'person', field: 'user' });
  });

  it('defaults the page size to 200, caps it there, and trims the org URL', () => {
    expect(oktaConfigSchema.parse({ baseUrl: 'https://acme.okta.com/' })).toEqual({
      baseUrl: 'https://acme.okta.com',
      pageSize: 200,
      http: {},
    });
    expect(oktaConfigSchema.safeParse({ baseUrl: 'https://acme.okta.com', pageSize: 201 }).success).toBe(
      false,
    );
    expect(oktaConfigSchema.safeParse({ baseUrl: 'acme' }).success).toBe(false);
  });

  it('sends the token as SSWS and never lets it out as a secret value', async () => {
    const scheme = okta.auth.create(oktaConfigSchema.parse({ baseUrl: 'https://acme.okta.com' }), {
      apiToken: '00abcdefTOKEN',
    });
    expect((await scheme.credentials()).headers).toEqual({ Authorization: 'SSWS 00abcdefTOKEN' });
    expect(scheme.secretValues()).toEqual(['00abcdefTOKEN']);
  });
});
