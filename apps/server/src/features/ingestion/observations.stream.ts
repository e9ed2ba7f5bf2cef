import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { RequestContext } from '../../platform/auth/index.js';
import {
  applyPrepared,
  prepareBatch,
  summarise,
  type IngestDeps,
  type IngestOptions,
  type ItemResult,
} from './ingest.js';

const LINES_PER_BATCH = 1000;
const MAX_LINE = 1024 * 1024;
/** A stream can be any length; the answer lists at most this many items that were not unchanged. */
export const MAX_REPORTED_ITEMS = 10_000;

/**
 * NDJSON, one observation per line, applied in batches as it arrives: memory stays flat however long the
 * stream. A line that is not JSON is rejected with its index (0-based line number, blank lines skipped).
 */
export async function ingestNdjson(
  deps: IngestDeps,
  ctx: RequestContext,
  body: Readable,
  options: IngestOptions,
) {
  const kept: ItemResult[] = [];
  const counts = summarise([]).counts;
  let truncated = false;
  let index = 0;
  let pending: { index: number; value: unknown }[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const raws = pending;
    pending = [];
    const batch = await prepareBatch(
      deps,
      ctx,
      raws.filter((p) => p.value !== NOT_JSON).map((p) => [p.index, p.value] as const),
      options,
    );
    const results: ItemResult[] = [
      ...raws
        .filter((p) => p.value === NOT_JSON)
        .map((p) => ({
          index: p.index,
          status: 'rejected' as const,
          errors: [{ path: `body[${p.index}]`, reason: 'not a JSON value on one line' }],
        })),
      ...batch.results,
      ...(await applyPrepared(deps, batch.env, batch.valid)),
    ];
    for (const r of results) {
      counts[r.status]++;
      if (r.status === 'unchanged') continue;
      if (kept.length < MAX_REPORTED_ITEMS) kept.push(r);
      else truncated = true;
    }
  };
  const lines = createInterface({ input: body, crlfDelay: Infinity });
  for await (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    pending.push({ index, value: text.length > MAX_LINE ? NOT_JSON : parseLine(text) });
    index++;
    if (pending.length >= LINES_PER_BATCH) await flush();
  }
  await flush();
  return { counts, items: kept.sort((a, b) => a.index - b.index), truncated };
}

const NOT_JSON = Symbol('not json');

function parseLine(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}
