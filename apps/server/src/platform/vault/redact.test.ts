import { describe, expect, it } from 'vitest';
import { StewardError } from '@steward/domain';
import { COMMON_SECRET_FIELDS, redactSecrets } from './redact.js';
import { SecretSetting } from './key-material.js';

describe('redactSecrets', () => {
  it('replaces secret fields at any depth, in any spelling, and leaves the rest', () => {
    const input = {
      name: 'Jamf',
      auth: { clientId: 'id-1', client_secret: 's3cret', nested: [{ 'API-Key': 'k-123' }, { ok: 1 }] },
      password: null,
      token: undefined,
      when: new Date('2025-01-02T03:04:05.000Z'),
    };
    expect(redactSecrets(input, ['clientSecret', 'apiKey', 'password', 'token'])).toEqual({
      name: 'Jamf',
      auth: {
        clientId: 'id-1',
        client_secret: '[redacted]',
        nested: [{ 'API-Key': '[redacted]' }, { ok: 1 }],
      },
      password: null,
      token: undefined,
      when: '2025-01-02T03:04:05.000Z',
    });
    expect(input.auth.client_secret).toBe('s3cret');
  });

  it('redacts whole values under a secret field, objects included', () => {
    expect(redactSecrets({ secret: { a: 1 }, list: [{ token: ['x'] }] }, COMMON_SECRET_FIELDS)).toEqual({
      secret: '[redacted]',
      list: [{ token: '[redacted]' }],
    });
  });

  it('cuts known secret values out of strings, and turns errors into plain redacted objects', () => {
    const error = new StewardError('upstream', 502, 'Jamf said: invalid token abc.def.ghi for client', [
      { path: 'auth', reason: 'token abc.def.ghi expired' },
    ]);
    const out = redactSecrets({ error, log: ['sent abc.def.ghi'] }, [], { values: ['abc.def.ghi', ''] });
    expect(JSON.stringify(out)).not.toContain('abc.def.ghi');
    expect(out).toMatchObject({
      error: {
        name: 'StewardError',
        message: 'Jamf said: invalid token [redacted] for client',
        code: 'upstream',
      },
      log: ['sent [redacted]'],
    });
  });

  it('survives cycles and honours toJSON redaction', () => {
    const a: Record<string, unknown> = { id: 1, key: new SecretSetting('k'.repeat(43)) };
    a.self = a;
    expect(redactSecrets(a, [])).toEqual({ id: 1, key: '[redacted]', self: '[circular]' });
    expect(redactSecrets('plain', [])).toBe('plain');
    expect(redactSecrets(42, ['x'])).toBe(42);
  });
});
