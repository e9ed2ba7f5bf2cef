import { errors, type ErrorDetail } from '@steward/domain';
import {
  isExpression,
  tryCompile,
  tryCompileTemplate,
  type Expression,
  type Template,
} from '../../../platform/expressions/index.js';
import type { HttpActionDefinition, HttpRequestTemplate, InputField } from './definition.schemas.js';

export interface CompiledRequest {
  name: string;
  method: HttpRequestTemplate['method'];
  url: Template;
  query: [string, Template][];
  headers: [string, Template][];
  body: Expression | undefined;
  expect: readonly number[] | undefined;
  /** Earlier requests' answers it reads (`responses.<name>`), which a dry run cannot know. */
  reads: string[];
}

export interface CompiledDefinition {
  inputs: InputField[];
  requests: CompiledRequest[];
  output: Expression | undefined;
}

/**
 * Compiles every template and expression of a definition, collecting each problem with its path under
 * `at` (e.g. `body.definition`), so a user sees them all at once rather than one per save.
 */
export function compileDefinition(definition: HttpActionDefinition, at: string): CompiledDefinition {
  const problems: ErrorDetail[] = [];
  const template = (source: string, path: string): Template | undefined => {
    const t = tryCompileTemplate(source, path);
    if (Array.isArray(t)) problems.push(...t);
    else return t;
    return undefined;
  };
  const expression = (source: string | undefined, path: string): Expression | undefined => {
    if (source === undefined) return undefined;
    const e = tryCompile(source, path);
    if (isExpression(e)) return e;
    problems.push(e);
    return undefined;
  };

  const seen = new Set<string>();
  const requests = definition.requests.map((r, i) => {
    const path = `${at}.requests[${i}]`;
    if (seen.has(r.name)) problems.push({ path: `${path}.name`, reason: `"${r.name}" is used twice` });
    seen.add(r.name);
    if (r.body !== undefined && (r.method === 'GET' || r.method === 'DELETE'))
      problems.push({ path: `${path}.body`, reason: `a ${r.method} request has no body` });
    return {
      name: r.name,
      method: r.method,
      url: template(r.url, `${path}.url`),
      query: Object.entries(r.query).map(([k, v]) => [k, template(v, `${path}.query.${k}`)] as const),
      headers: Object.entries(r.headers).map(([k, v]) => [k, template(v, `${path}.headers.${k}`)] as const),
      body: expression(r.body, `${path}.body`),
      expect: r.expect,
      reads: responsesRead(r),
    };
  });
  const names = new Set<string>();
  definition.inputs.forEach((f, i) => {
    if (names.has(f.name))
      problems.push({ path: `${at}.inputs[${i}].name`, reason: `"${f.name}" is used twice` });
    names.add(f.name);
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern);
      } catch {
        problems.push({ path: `${at}.inputs[${i}].pattern`, reason: 'not a valid regular expression' });
      }
    }
  });
  const output = expression(definition.output, `${at}.output`);
  if (problems.length > 0) throw errors.validation('The HTTP action definition is not valid.', problems);

  return {
    inputs: definition.inputs,
    // Every template compiled (problems would have thrown), so the undefined cases cannot happen here.
    requests: requests.map((r) => ({
      ...r,
      url: r.url as Template,
      query: r.query.map(([k, t]) => [k, t as Template]),
      headers: r.headers.map(([k, t]) => [k, t as Template]),
    })),
    output,
  };
}

/** The names after `responses.` anywhere in the request's templates. */
function responsesRead(r: HttpRequestTemplate): string[] {
  const text = [r.url, ...Object.values(r.query), ...Object.values(r.headers), r.body ?? ''].join(' ');
  return [...new Set([...text.matchAll(/\bresponses\.([A-Za-z][A-Za-z0-9_]*)/g)].map((m) => m[1] ?? ''))];
}
