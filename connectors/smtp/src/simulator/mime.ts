// Just enough MIME to read back what a mail client sent: headers (folded, RFC 2047 encoded words),
// 7bit / quoted-printable / base64 bodies, and text and HTML parts of a multipart message.

export interface ReadMessage {
  /** Lower-case header names; a repeated header keeps every value, joined by ", ". */
  headers: Record<string, string>;
  text: string | null;
  html: string | null;
}

interface Part {
  headers: Map<string, string[]>;
  body: Buffer;
}

const MAX_DEPTH = 5;

function split(raw: Buffer): Part {
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  const headerBlock = match ? text.slice(0, match.index) : text;
  const body = match ? raw.subarray(match.index + match[0].length) : Buffer.alloc(0);
  const headers = new Map<string, string[]>();
  for (const line of headerBlock.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // Header bytes are UTF-8 when not encoded words (RFC 6532).
    const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  return { headers, body };
}

function decodeText(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function quotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** `=?utf-8?Q?Caf=C3=A9?=` and `=?utf-8?B?…?=` words, adjacent ones joined without their whitespace. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (_, charset: string, kind: string, data: string) => {
      const bytes =
        kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : quotedPrintable(data.replace(/_/g, ' '));
      return decodeText(bytes, charset.split('*')[0]);
    });
}

/** `text/plain; charset=utf-8` as its type and parameters (names lower-case, quotes removed). */
export function contentType(value: string | undefined): { type: string; params: Record<string, string> } {
  const [type = 'text/plain', ...rest] = (value ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq <= 0) continue;
    params[param.slice(0, eq).trim().toLowerCase()] = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
}

function bodyOf(part: Part): Buffer {
  const encoding = (part.headers.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return quotedPrintable(part.body.toString('latin1'));
  return part.body;
}

function walk(part: Part, found: { text: string | null; html: string | null }, depth: number): void {
  const { type, params } = contentType(part.headers.get('content-type')?.[0]);
  if (type.startsWith('multipart/') && params.boundary && depth < MAX_DEPTH) {
    const delimiter = `--${params.boundary}`;
    const sections = part.body.toString('latin1').split(new RegExp(`\\r?\\n?${escape(delimiter)}`));
    // The preamble comes before the first delimiter, the epilogue after the closing `--`.
    for (const section of sections.slice(1)) {
      if (section.startsWith('--')) break;
      walk(split(Buffer.from(section.replace(/^[ \t]*\r?\n/, ''), 'latin1')), found, depth + 1);
    }
    return;
  }
  const disposition = part.headers.get('content-disposition')?.[0] ?? '';
  if (/^\s*attachment/i.test(disposition)) return;
  const decoded = () => decodeText(bodyOf(part), params.charset);
  if (type === 'text/plain' && found.text === null) found.text = decoded();
  else if (type === 'text/html' && found.html === null) found.html = decoded();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Headers (decoded) and the first text and HTML bodies of a raw RFC 5322 message. */
export function readMessage(raw: Buffer): ReadMessage {
  const root = split(raw);
  // The CRLF before the final `.` ends the last line; it is not part of a single-part body.
  if (root.body.subarray(-2).toString('latin1') === '\r\n') root.body = root.body.subarray(0, -2);
  const headers: Record<string, string> = {};
  for (const [name, values] of root.headers) headers[name] = values.map(decodeWords).join(', ');
  const found = { text: null as string | null, html: null as string | null };
  walk(root, found, 0);
  return { headers, ...found };
}
