// JSONata, the one expression language of templates, mappings and (later) workflow filters. Every
// expression is compiled once, evaluated with a time, depth and sequence budget, and its errors name
// the field it came from.
import jsonata from 'jsonata';
import { errors, type ErrorDetail } from '@steward/domain';
import { LruCache } from '../cache/index.js';

const LIMITS = { timeout: 1000, stack: 200, sequence: 100_000 } as const;
const MAX_SOURCE = 20_000;

export interface Expression {
  readonly source: string;
  evaluate(context: unknown): Promise<unknown>;
}

interface JsonataFailure {
  code?: string;
  position?: number;
  message?: string;
}

function asFailure(e: unknown): JsonataFailure {
  return typeof e === 'object' && e !== null ? (e as JsonataFailure) : { message: String(e) };
}

function describe(e: unknown): string {
  const f = asFailure(e);
  const where = typeof f.position === 'number' ? ` at character ${f.position}` : '';
  return `${f.message ?? 'invalid expression'}${f.code ? ` (${f.code})` : ''}${where}`;
}

/**
 * Compiled expressions by path and source: a workflow's steps and a connector's mappings evaluate the
 * same few expressions over and over, and compiling costs more than most evaluations.
 */
const compiledCache = new LruCache<Expression>(5_000);

/** Compiles `source`, or returns why it does not compile (for a detail naming `path`). */
export function tryCompile(source: string, path: string): Expression | ErrorDetail {
  const key = `${path}\u0000${source}`;
  const cached = compiledCache.get(key);
  if (cached) return cached;
  const result = compileNew(source, path);
  if (isExpression(result)) compiledCache.set(key, result);
  return result;
}

function compileNew(source: string, path: string): Expression | ErrorDetail {
  if (source.length > MAX_SOURCE) return { path, reason: `longer than ${MAX_SOURCE} characters` };
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(source, { ...LIMITS });
  } catch (e) {
    return { path, reason: describe(e) };
  }
  return {
    source,
    async evaluate(context) {
      try {
        return normalise(await compiled.evaluate(context));
      } catch (e) {
        throw errors.validation(`The expression at ${path} failed: ${describe(e)}.`, [
          { path, reason: describe(e) },
        ]);
      }
    },
  };
}

export function isExpression(v: Expression | ErrorDetail): v is Expression {
  return 'evaluate' in v;
}

export function compile(source: string, path: string): Expression {
  const result = tryCompile(source, path);
  if (isExpression(result)) return result;
  throw errors.validation(`The expression at ${path} is not valid.`, [result]);
}

/**
 * JSONata results are plain data except for sequences (arrays with extra flags) and functions; turn them
 * into JSON so they can be stored, compared and sent.
 */
function normalise(value: unknown): unknown {
  if (value === undefined || typeof value === 'function') return undefined;
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalise(v);
      if (n !== undefined) out[k] = n;
    }
    return out;
  }
  return value;
}
