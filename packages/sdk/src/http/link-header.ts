/** Parses an RFC 8288 `Link` header into rel → URL (first link wins per rel). */
export function parseLinkHeader(header: string | null): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  const re = /<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const match of header.matchAll(re)) {
    const [, url = '', params = ''] = match;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').split(/\s+/).filter(Boolean);
    for (const r of rels) if (!links.has(r.toLowerCase())) links.set(r.toLowerCase(), url);
  }
  return links;
}
