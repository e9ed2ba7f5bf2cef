// Runs a compiled HTTP action through one connector instance's transport: the instance supplies the
// origin, the vaulted credentials and the rate limits; this file only renders and sequences requests.
import { errors, isStewardError } from '@steward/domain';
import { isHttpError, type HttpRequest, type Transport } from '@steward/sdk';
import type { CompiledDefinition, CompiledRequest } from './definition.compile.js';

export interface HttpActionContext {
  input: Record<string, unknown>;
  entity: unknown;
  /** The entity acted on: its kind, and its key in the instance's source (null when it reports none). */
  target: { kind: 'asset' | 'person'; key: string | null } | null;
  idempotencyKey: string;
  now: string;
  instance: { id: string; name: string; connectorId: string };
  /** Callers (a workflow run) add their own values: `workflow`, `vars`, `trigger`. */
  [extra: string]: unknown;
}

export interface ResponseView {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface RequestTrace {
  name: string;
  method: string;
  /** Path and query as sent, relative to the instance (credentials are never part of it). */
  url: string;
  /** The rendered JSON body. */
  body?: unknown;
  /** Null on a dry run. */
  status: number | null;
  durationMs: number;
  /** Dry run only: why the request could not be rendered (it needs an earlier response). */
  note?: string;
}

export interface RunOutcome {
  requests: RequestTrace[];
  output: unknown;
}

const KEPT_HEADERS = ['content-type', 'location', 'etag'];
const MAX_TEXT = 64 * 1024;

function noLineBreaks(value: string, name: string): string {
  if (/[\r\n]/.test(value))
    throw errors.validation(`The header ${name} would contain a line break.`, [
      { path: `headers.${name}`, reason: 'no line breaks in header values' },
    ]);
  return value;
}

async function render(r: CompiledRequest, context: unknown) {
  const path = await r.url.render(context, encodeURIComponent);
  const query: Record<string, string> = {};
  for (const [k, t] of r.query) query[k] = await t.render(context);
  const headers: Record<string, string> = {};
  for (const [k, t] of r.headers) headers[k] = noLineBreaks(await t.render(context), k);
  const body = r.body ? await r.body.evaluate(context) : undefined;
  return { path, query, headers, body };
}

function shown(path: string, query: Record<string, string>): string {
  const qs = new URLSearchParams(query).toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

function responseView(res: { status: number; headers: Headers; json: unknown; text: string }): ResponseView {
  const headers: Record<string, string> = {};
  for (const h of KEPT_HEADERS) {
    const v = res.headers.get(h);
    if (v !== null) headers[h] = v;
  }
  return { status: res.status, headers, body: res.json ?? res.text.slice(0, MAX_TEXT) };
}

export async function runDefinition(
  http: Transport,
  definition: CompiledDefinition,
  context: HttpActionContext,
  options: { dryRun: boolean; signal?: AbortSignal; at: string },
): Promise<RunOutcome> {
  const responses: Record<string, ResponseView> = {};
  const scope = () => ({ ...context, responses });
  const traces: RequestTrace[] = [];
  let last: ResponseView | undefined;

  for (const [i, r] of definition.requests.entries()) {
    const started = performance.now();
    let rendered: Awaited<ReturnType<typeof render>>;
    try {
      rendered = await render(r, scope());
    } catch (e) {
      // A dry run has no responses: a request built from an earlier answer cannot be shown, only named.
      if (!options.dryRun || !isStewardError(e) || traces.length === 0) throw e;
      traces.push({ name: r.name, method: r.method, url: '', status: null, durationMs: 0, note: e.message });
      continue;
    }
    const trace: RequestTrace = {
      name: r.name,
      method: r.method,
      url: shown(rendered.path, rendered.query),
      ...(rendered.body === undefined ? {} : { body: rendered.body }),
      status: null,
      durationMs: 0,
    };
    traces.push(trace);
    if (options.dryRun) {
      if (r.reads.length > 0)
        trace.note = `Uses ${r.reads.map((n) => `responses.${n}`).join(', ')}: empty in a dry run.`;
      continue;
    }

    const request: HttpRequest = {
      method: r.method,
      path: rendered.path,
      query: rendered.query,
      headers: rendered.headers,
      ...(rendered.body === undefined ? {} : { json: rendered.body }),
      ...(r.expect ? { expect: r.expect } : {}),
      // The same key on every retry of this step; vendors that support one receive it in their header.
      ...(r.method === 'GET' ? {} : { idempotencyKey: `${context.idempotencyKey}:${r.name}` }),
      signal: options.signal,
    };
    try {
      const res = await http.request(request);
      last = responseView(res);
      responses[r.name] = last;
      trace.status = res.status;
    } catch (e) {
      if (isHttpError(e) && e.code === 'foreign_url')
        throw errors.validation(e.message, [
          { path: `${options.at}.requests[${i}].url`, reason: 'not on the instance’s origin' },
        ]);
      if (isHttpError(e)) {
        trace.status = e.status ?? null;
        throw errors.upstream(`Request "${r.name}" (${r.method} ${trace.url}) failed: ${e.message}`);
      }
      throw e;
    } finally {
      trace.durationMs = Math.round(performance.now() - started);
    }
  }

  if (options.dryRun) return { requests: traces, output: null };
  const output = definition.output ? await definition.output.evaluate(scope()) : last?.body;
  return { requests: traces, output: output ?? null };
}
