export const REDACTED = '[redacted]';

/** Field names that hold secrets wherever they appear; connectors add their own secret fields. */
export const COMMON_SECRET_FIELDS: readonly string[] = [
  'password',
  'secret',
  'token',
  'clientSecret',
  'apiKey',
  'accessToken',
  'refreshToken',
  'idToken',
  'privateKey',
  'authorization',
  'cookie',
];

export interface RedactOptions {
  /** Secret values to blank out wherever they occur inside strings (an error message quoting a token). */
  values?: Iterable<string>;
}

/** clientSecret, client_secret and Client-Secret are one field. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A deep copy of `value` safe to store in run histories, logs and error reports: every field whose
 * name is in `secretFieldNames` (any case, `_` and `-` ignored, at any depth) becomes "[redacted]",
 * and each of `options.values` is cut out of every string. Errors become `{name, message, ...fields}`,
 * objects with toJSON are redacted in their JSON form, cycles become "[circular]". Null and missing
 * secret fields stay as they are, so "not set" is still visible.
 */
export function redactSecrets(
  value: unknown,
  secretFieldNames: Iterable<string>,
  options: RedactOptions = {},
): unknown {
  const names = new Set([...secretFieldNames].map(normalise));
  const values = [...(options.values ?? [])].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  const seen = new WeakSet<object>();

  const scrub = (text: string): string => values.reduce((t, secret) => t.split(secret).join(REDACTED), text);

  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map(walk);
      if (v instanceof Error) {
        return walkEntries({ name: v.name, message: v.message, ...Object.fromEntries(Object.entries(v)) });
      }
      const proto: unknown = Object.getPrototypeOf(v);
      const toJSON: unknown = (v as { toJSON?: unknown }).toJSON;
      if (proto !== Object.prototype && proto !== null && typeof toJSON === 'function') {
        return walk((toJSON as () => unknown).call(v));
      }
      return walkEntries(v);
    } finally {
      seen.delete(v);
    }
  };

  const walkEntries = (v: object): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(v)) {
      out[key] = names.has(normalise(key)) && child !== null && child !== undefined ? REDACTED : walk(child);
    }
    return out;
  };

  return walk(value);
}
