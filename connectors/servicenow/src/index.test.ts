import { describe, expect, it } from 'vitest';
import { correlationIdOf, serviceNow, serviceNowConfigSchema } from './index.js';

describe('servicenow connector definition', () => {
  it('declares the ITSM connector, its password secret and one non-destructive, irreversible action', () => {
    expect(serviceNow).toMatchObject({
      id: 'servicenow',
      title: 'ServiceNow',
      category: 'itsm',
      streams: {},
    });
    expect(serviceNow.auth.type).toBe('basic');
    expect(serviceNow.auth.secrets.map((s) => s.key)).toEqual(['password']);
    expect(Object.keys(serviceNow.actions)).toEqual(['createIncident']);
    expect(serviceNow.actions.createIncident).toMatchObject({ reversible: false, destructive: false });
  });

  it('strips the trailing slash, defaults defaults and tuning, and refuses unknown keys', () => {
    expect(
      serviceNowConfigSchema.parse({ baseUrl: 'https://acme.service-now.com/', username: 'svc' }),
    ).toEqual({
      baseUrl: 'https://acme.service-now.com',
      username: 'svc',
      defaults: {},
      http: {},
    });
    const bad = (config: unknown) => serviceNowConfigSchema.safeParse(config).success;
    expect(bad({ baseUrl: 'https://acme.service-now.com', username: 'svc', instance: 'acme' })).toBe(false);
    expect(bad({ baseUrl: 'acme', username: 'svc' })).toBe(false);
    expect(bad({ baseUrl: 'https://acme.service-now.com', username: 'svc', defaults: { urgency: 1 } })).toBe(
      false,
    );
  });

  it('sends Basic credentials and declares both the password and the encoded header secret', async () => {
    const config = serviceNowConfigSchema.parse({ baseUrl: 'https://acme.service-now.com', username: 'svc' });
    const scheme = serviceNow.auth.create(config, { password: 'hunter2' });
    const encoded = Buffer.from('svc:hunter2').toString('base64');
    expect((await scheme.credentials()).headers).toEqual({ Authorization: `Basic ${encoded}` });
    expect(scheme.secretValues()).toEqual(['hunter2', encoded]);
  });

  it('stores a plain idempotency key as is and hashes one that could break an encoded query', () => {
    expect(correlationIdOf('01JF8Z3K9Q-step:2')).toBe('01JF8Z3K9Q-step:2');
    const hashed = correlationIdOf('run 7^ORDERBYnumber=x');
    expect(hashed).toMatch(/^steward-[0-9a-f]{64}$/);
    expect(correlationIdOf('run 7^ORDERBYnumber=x')).toBe(hashed);
    expect(correlationIdOf('x'.repeat(101))).toMatch(/^steward-/);
  });
});
