import { describe, expect, it } from 'vitest';
import { vendorErrorCode } from './vendor-error.js';

describe('vendorErrorCode', () => {
  it('reads the code from each vendor envelope in the reference', () => {
    expect(vendorErrorCode({ errorCode: 'E0000047', errorSummary: 'rate' })).toBe('E0000047');
    expect(vendorErrorCode({ error: { code: 'InvalidAuthenticationToken', message: 'x' } })).toBe(
      'InvalidAuthenticationToken',
    );
    expect(vendorErrorCode({ error: { code: 403, errors: [{ reason: 'userRateLimitExceeded' }] } })).toBe(
      'userRateLimitExceeded',
    );
    expect(vendorErrorCode({ error: 'invalid_client' })).toBe('invalid_client');
    expect(vendorErrorCode({ errors: [{ code: 'INVALID_TOKEN', description: 'x' }] })).toBe('INVALID_TOKEN');
    expect(
      vendorErrorCode({
        meta: { status: 401 },
        data: [],
        fail: [{ errors: [{ code: 'token_expired', message: 'expired', retryable: false }] }],
      }),
    ).toBe('token_expired');
  });

  it('finds nothing in a body without an error', () => {
    expect(vendorErrorCode({ meta: { status: 200 }, data: [], fail: [] })).toBeUndefined();
    expect(vendorErrorCode('ok')).toBeUndefined();
  });
});
