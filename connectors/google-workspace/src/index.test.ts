import { describe, expect, it } from 'vitest';
import { googleWorkspace, googleWorkspaceConfigSchema } from './index.js';
import { isGoogleRateLimited } from './transport.js';

const quota = (code: number, reason: string) => ({
  error: {
    code,
    message: 'Quota exceeded',
    errors: [{ message: 'Quota exceeded', domain: 'usageLimits', reason }],
  },
});

describe('google-workspace connector definition', () => {
  it('declares the directory connector, its key secret, stream and the two actions Google has', () => {
    expect(googleWorkspace).toMatchObject({
      id: 'google-workspace',
      title: 'Google Workspace',
      category: 'directory',
    });
    expect(googleWorkspace.auth.type).toBe('google_service_account');
    expect(googleWorkspace.auth.secrets).toEqual([
      expect.objectContaining({ key: 'serviceAccountKey', multiline: true }),
    ]);
    expect(googleWorkspace.streams.users).toMatchObject({ kind: 'person', mode: 'full' });
    expect(Object.keys(googleWorkspace.actions)).toEqual(['suspend', 'unsuspend']);
  });

  it('defaults to the Admin SDK host, my_customer and 500 users a page', () => {
    expect(googleWorkspaceConfigSchema.parse({ adminEmail: 'admin@example.com' })).toEqual({
      baseUrl: 'https://admin.googleapis.com',
      adminEmail: 'admin@example.com',
      customer: 'my_customer',
      pageSize: 500,
      http: {},
    });
    expect(
      googleWorkspaceConfigSchema.safeParse({ adminEmail: 'admin@example.com', pageSize: 501 }).success,
    ).toBe(false);
    expect(googleWorkspaceConfigSchema.safeParse({}).success).toBe(false);
  });

  it('tells quota 403s from other 403s for the transport', () => {
    const settings = googleWorkspace.http(
      googleWorkspaceConfigSchema.parse({ adminEmail: 'a@example.com' }),
      {},
    );
    expect(settings.isRateLimited).toBe(isGoogleRateLimited);
    expect(isGoogleRateLimited(403, quota(403, 'userRateLimitExceeded'))).toBe(true);
    expect(isGoogleRateLimited(403, quota(403, 'quotaExceeded'))).toBe(true);
    expect(isGoogleRateLimited(403, quota(403, 'rateLimitExceeded'))).toBe(true);
    expect(isGoogleRateLimited(403, quota(403, 'dailyLimitExceeded'))).toBe(false);
    expect(isGoogleRateLimited(403, quota(403, 'forbidden'))).toBe(false);
    expect(isGoogleRateLimited(400, quota(400, 'userRateLimitExceeded'))).toBe(false);
    expect(isGoogleRateLimited(403, 'Forbidden')).toBe(false);
  });

  it('refuses a key file that is not one, without quoting it', () => {
    const config = googleWorkspaceConfigSchema.parse({ adminEmail: 'a@example.com' });
    expect(() => googleWorkspace.auth.create(config, { serviceAccountKey: 'secret-not-json' })).toThrow(
      'The Google service-account key is not valid JSON.',
    );
  });
});
