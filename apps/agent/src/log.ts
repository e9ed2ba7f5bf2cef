/** A small JSON-lines logger to stderr. Secrets are never written: keys that look secret are redacted, and any
 * value registered with `secret()` is masked wherever it appears in a string. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
  /** Mask this value in everything logged from now on (all children share the list). */
  secret(value: string): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /credential|authorization|secret|password|token/i;

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  now?: () => Date;
}

function redact(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
    return out;
  }
  if (value instanceof Error) return redact({ name: value.name, message: value.message }, secrets, depth);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, secrets, depth + 1);
  }
  return out;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const secrets: string[] = [];

  const make = (base: LogFields): Logger => {
    const log = (level: LogLevel, msg: string, fields?: LogFields) => {
      if (ORDER[level] < min) return;
      const entry = redact({ time: now().toISOString(), level, msg, ...base, ...fields }, secrets);
      write(`${JSON.stringify(entry)}\n`);
    };
    return {
      debug: (m, f) => log('debug', m, f),
      info: (m, f) => log('info', m, f),
      warn: (m, f) => log('warn', m, f),
      error: (m, f) => log('error', m, f),
      child: (fields) => make({ ...base, ...fields }),
      secret: (value) => {
        if (value && !secrets.includes(value)) secrets.push(value);
      },
    };
  };
  return make({});
}

/** A logger that drops everything (tests, library use without logs). */
export const silentLogger: Logger = createLogger({ write: () => {} });
