// String templates with `{{ expression }}` holes (a URL, a header): the literal text stays, each hole is
// a JSONata expression evaluated over the same context.
import { errors, type ErrorDetail } from '@steward/domain';
import { isExpression, tryCompile, type Expression } from './expression.js';

type Part = string | Expression;

export interface Template {
  readonly source: string;
  /** True when the template has no holes (its text is used as is). */
  readonly literal: boolean;
  /**
   * `encode` is applied to each hole's value (e.g. encodeURIComponent for a URL). A hole without a value
   * is an error naming it: a URL with a silently empty id would address the wrong thing.
   */
  render(context: unknown, encode?: (value: string) => string): Promise<string>;
}

const HOLE = /\{\{([\s\S]*?)\}\}/g;

export function tryCompileTemplate(source: string, path: string): Template | ErrorDetail[] {
  const parts: Part[] = [];
  const problems: ErrorDetail[] = [];
  let last = 0;
  for (const match of source.matchAll(HOLE)) {
    if (match.index > last) parts.push(source.slice(last, match.index));
    const inner = (match[1] ?? '').trim();
    if (!inner) problems.push({ path, reason: `empty {{ }} at character ${match.index}` });
    else {
      const compiled = tryCompile(inner, path);
      if (isExpression(compiled)) parts.push(compiled);
      else problems.push({ ...compiled, reason: `in {{ ${inner} }}: ${compiled.reason}` });
    }
    last = match.index + match[0].length;
  }
  if (last < source.length) parts.push(source.slice(last));
  if (parts.some((p) => typeof p === 'string' && p.includes('{{')))
    problems.push({ path, reason: 'an opening {{ has no closing }}' });
  if (problems.length > 0) return problems;
  return {
    source,
    literal: parts.every((p) => typeof p === 'string'),
    async render(context, encode = (v) => v) {
      const out: string[] = [];
      for (const part of parts) {
        if (typeof part === 'string') {
          out.push(part);
          continue;
        }
        const value = await part.evaluate(context);
        if (value === undefined || value === null)
          throw errors.validation(`{{ ${part.source} }} in ${path} has no value.`, [
            { path, reason: `{{ ${part.source} }} evaluated to nothing` },
          ]);
        out.push(encode(stringify(value)));
      }
      return out.join('');
    },
  };
}

export function compileTemplate(source: string, path: string): Template {
  const result = tryCompileTemplate(source, path);
  if (!Array.isArray(result)) return result;
  throw errors.validation(`The template at ${path} is not valid.`, result);
}

/** A hole's value as text: JSON for objects and arrays. */
function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
