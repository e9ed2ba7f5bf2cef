/**
 * A fresh idempotency key for one action dispatch: a double click or a retried request with the same key
 * never reaches the vendor twice. getRandomValues works outside secure contexts too (plain-HTTP installs).
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
