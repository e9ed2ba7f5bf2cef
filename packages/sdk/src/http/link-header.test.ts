import { describe, expect, it } from 'vitest';
import { parseLinkHeader } from './link-header.js';

describe('parseLinkHeader', () => {
  it('reads Okta and ServiceNow style headers', () => {
    const links = parseLinkHeader(
      '<https://x.okta.com/api/v1/users?limit=200>; rel="self", <https://x.okta.com/api/v1/users?after=00u1&limit=200>; rel="next"',
    );
    expect(links.get('next')).toBe('https://x.okta.com/api/v1/users?after=00u1&limit=200');
    expect(links.get('self')).toBe('https://x.okta.com/api/v1/users?limit=200');
  });

  it('handles unquoted and multi-valued rels, other params and commas in URLs', () => {
    const links = parseLinkHeader(
      '<https://a/x?q=a,b>; title="p, 2"; rel=next, <https://a/last>; rel="last prev"',
    );
    expect(links.get('next')).toBe('https://a/x?q=a,b');
    expect(links.get('last')).toBe('https://a/last');
    expect(links.get('prev')).toBe('https://a/last');
  });

  it('is empty without a header', () => {
    expect(parseLinkHeader(null).size).toBe(0);
  });
});
