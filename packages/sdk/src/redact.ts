/**
 * Secret redaction for every error text the SDK produces. Auth schemes know their secrets and hand them
 * to the transport; patterns catch tokens we never saw (an access token echoed in a body, a header value).
 */
export const REDACTED = '[REDACTED]';

// Shorter strings would redact ordinary words and numbers from messages.
const MIN_SECRET_LENGTH = 4;

const PATTERNS: readonly RegExp[] = [
  /("(?:access_token|refresh_token|id_token|client_secret|password|assertion|token)"\s*:\s*")[^"]*(")/gi,
  /((?:access_token|refresh_token|client_secret|password|assertion)=)[^&\s"]*()/gi,
  /(\b(?:Bearer|SSWS|Basic)\s+)[A-Za-z0-9\-._~+/=]+()/g,
];

function variants(secret: string): string[] {
  const out = new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]);
  return [...out].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  const all = [...secrets].flatMap(variants).sort((a, b) => b.length - a.length);
  for (const s of all) out = out.split(s).join(REDACTED);
  for (const p of PATTERNS) out = out.replace(p, `$1${REDACTED}$2`);
  return out;
}

/** A redacted, single-line, bounded excerpt of a response body for error messages. */
export function snippet(text: string, secrets: Iterable<string> = [], max = 300): string {
  const oneLine = redact(text, secrets).replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}
