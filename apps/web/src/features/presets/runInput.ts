// What the run panel checks before asking the server: the input fields' patterns, a chosen instance and
// entity. The server checks all of it again and names the same fields.
import type { ErrorDetail } from '../../api/types.js';
import type { JsonSchema } from '../connectors/index.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Input fields whose text does not match their schema's pattern, by field name. */
export function patternErrors(schema: JsonSchema, input: Record<string, unknown>): Record<string, string> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) {
    const prop = properties[name];
    if (typeof value !== 'string' || !isObject(prop) || typeof prop.pattern !== 'string') continue;
    let re: RegExp;
    try {
      re = new RegExp(prop.pattern);
    } catch {
      continue; // a pattern JavaScript cannot read is left to the server
    }
    if (!re.test(value)) errors[name] = `must match ${readablePattern(prop.pattern)}`;
  }
  return errors;
}

/** The server anchors a field's pattern as `^(?:…)$`; people wrote what is inside. */
export function readablePattern(pattern: string): string {
  const m = /^\^\(\?:(.*)\)\$$/.exec(pattern);
  return m?.[1] ?? pattern;
}

/** The paths of a run request the panel shows at a field; the rest go to the panel's alert. */
export function runFieldPaths(inputNames: readonly string[]): Set<string> {
  return new Set(['instanceId', 'entityId', ...inputNames.map((n) => `input.${n}`)]);
}

/** A refusal the panel can show at its fields (so the form stays as it is to be corrected). */
export const isFieldError = (details: readonly ErrorDetail[], shown: ReadonlySet<string>) =>
  details.some((d) => shown.has(d.path.replace(/^body\./, '')));
