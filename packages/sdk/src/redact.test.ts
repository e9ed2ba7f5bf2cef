import { describe, expect, it } from 'vitest';
import { redact, snippet } from './redact.js';

describe('redact', () => {
  it('removes known secrets in plain, URL-encoded and base64 form', () => {
    const secret = 'p@ss word/1';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${Buffer.from(secret).toString('base64')}`;
    expect(redact(text, [secret])).toBe('a [REDACTED] b [REDACTED] c [REDACTED]');
  });

  it('removes tokens it was never told about', () => {
    expect(redact('{"access_token":"eyJabc","expires_in":5}')).toBe(
      '{"access_token":"[REDACTED]","expires_in":5}',
    );
    expect(redact('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [REDACTED]');
    expect(redact('client_secret=xyz&client_id=a')).toBe('client_secret=[REDACTED]&client_id=a');
    expect(redact('SSWS 00abcdef')).toBe('SSWS [REDACTED]');
  });

  it('ignores secrets too short to redact safely', () => {
    expect(redact('page 1 of 12', ['1'])).toBe('page 1 of 12');
  });

  it('makes a bounded single-line snippet', () => {
    expect(snippet('a\n  b', [], 10)).toBe('a b');
    expect(snippet('x'.repeat(20), [], 10)).toBe(`${'x'.repeat(10)}…`);
  });
});
