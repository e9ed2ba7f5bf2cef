import { describe, expect, it } from 'vitest';
import { buildUrl } from './url.js';

describe('buildUrl', () => {
  it('joins a relative path to the base URL, keeping its path', () => {
    expect(buildUrl('https://graph.microsoft.com/v1.0', '/users', { $top: 5 }).toString()).toBe(
      'https://graph.microsoft.com/v1.0/users?%24top=5',
    );
  });

  it('uses the base URL exactly for an empty path (a webhook URL is the whole address)', () => {
    expect(buildUrl('https://hooks.slack.com/services/T1/B2/X3', '').toString()).toBe(
      'https://hooks.slack.com/services/T1/B2/X3',
    );
  });

  it('accepts an absolute URL on the same origin and refuses another origin', () => {
    expect(buildUrl('https://x.example/api', 'https://x.example/api/next?page=2').toString()).toBe(
      'https://x.example/api/next?page=2',
    );
    expect(() => buildUrl('https://x.example/api', 'https://evil.example/api')).toThrow(/Refusing/);
  });

  it('repeats array parameters and drops empty ones', () => {
    const url = buildUrl('https://x.example', '/c', { section: ['GENERAL', 'HARDWARE'], skip: undefined });
    expect(url.search).toBe('?section=GENERAL&section=HARDWARE');
  });
});
