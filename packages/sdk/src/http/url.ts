import { HttpError } from './errors.js';

export type QueryScalar = string | number | boolean;
export type Query = Record<string, QueryScalar | readonly QueryScalar[] | null | undefined>;

/**
 * `path` is relative to the base URL (its path is kept: `https://graph.microsoft.com/v1.0` + `/users`),
 * or an absolute URL such as a next link — accepted only on the base URL's origin, so credentials never
 * travel to another host. An empty path is the base URL exactly. Arrays repeat the parameter (`section=GENERAL&section=HARDWARE`).
 */
export function buildUrl(baseUrl: string, path: string, query: Query = {}): URL {
  const base = new URL(baseUrl);
  let url: URL;
  if (/^https?:\/\//i.test(path)) {
    url = new URL(path);
    if (url.origin !== base.origin) {
      throw new HttpError({
        code: 'foreign_url',
        url: `${url.origin}${url.pathname}`,
        message: `Refusing to send credentials to ${url.origin}: it is not the connector's origin ${base.origin}.`,
      });
    }
  } else if (path === '') {
    // The base URL itself (a Slack webhook URL): adding a slash would address another resource.
    url = new URL(baseUrl);
  } else {
    url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  }
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const values = typeof value === 'object' ? value : [value];
    for (const v of values) url.searchParams.append(key, String(v));
  }
  return url;
}
