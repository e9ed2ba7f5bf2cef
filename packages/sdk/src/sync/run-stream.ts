import type { ConnectorContext, StreamBatch, StreamDefinition } from '../connector.js';
import { isRecord, type Json } from '../json.js';
import { isMapError, type MapContext, type MapResult } from '../mapping.js';
import { observationSchema, type Observation } from '../observation.js';

export interface RecordError {
  /** The record's id in the source, or its position (`batch 3 #17`) when it has none. */
  recordKey: string;
  message: string;
  field?: string;
}

export interface BatchOutcome {
  /** 1-based. */
  batch: number;
  /** Records read from the source in this batch. */
  read: number;
  observations: Observation[];
  errors: RecordError[];
  /** Store it with the observations: a rerun passes it back and resumes after this batch. */
  checkpoint: Json;
}

export interface StreamRunCounts {
  batches: number;
  /** Records read from the source. */
  read: number;
  /** Records that became observations (possibly none, possibly several). */
  mapped: number;
  /** Records that produced an error instead. */
  failed: number;
  observations: number;
}

export interface StreamRunSummary extends StreamRunCounts {
  /** The last committed checkpoint (the one given, when the stream yielded nothing). */
  checkpoint: Json | undefined;
}

export interface RunStreamOptions<Config> {
  stream: StreamDefinition<Config>;
  ctx: ConnectorContext<Config>;
  /** From the last committed batch of an interrupted run, or of the last complete run of a delta stream. */
  checkpoint?: Json;
  /** Persist the batch; the next batch is read only after this resolves. A throw stops the run. */
  onBatch(outcome: BatchOutcome): Promise<void> | void;
}

/** The run stopped (the source failed, or onBatch did); rerun from `checkpoint` to lose nothing. */
export class StreamRunError extends Error {
  constructor(
    message: string,
    readonly checkpoint: Json | undefined,
    readonly counts: StreamRunCounts,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = 'StreamRunError';
  }
}

const ID_FIELDS = ['id', 'device_id', 'sys_id', 'uuid'] as const;

/**
 * Reads a stream batch by batch, maps every record on its own (a bad record is an error entry, never the
 * end of the sync), and hands each batch to `onBatch` with the checkpoint to resume from.
 */
export async function runStream<Config>(options: RunStreamOptions<Config>): Promise<StreamRunSummary> {
  const { stream, ctx } = options;
  const counts: StreamRunCounts = { batches: 0, read: 0, mapped: 0, failed: 0, observations: 0 };
  let committed = options.checkpoint;
  const stop = (what: string, cause: unknown): StreamRunError => {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const from = counts.batches === 0 ? 'the checkpoint it started from' : `after batch ${counts.batches}`;
    return new StreamRunError(`${what}: ${reason}. Resume ${from}.`, committed, { ...counts }, cause);
  };

  let batches: AsyncIterator<StreamBatch> | undefined;
  for (;;) {
    let next: IteratorResult<StreamBatch>;
    try {
      ctx.signal.throwIfAborted();
      batches ??= stream.read(ctx, options.checkpoint)[Symbol.asyncIterator]();
      next = await batches.next();
    } catch (cause) {
      throw stop('Reading stream failed', cause);
    }
    if (next.done) break;

    const number = counts.batches + 1;
    const context: MapContext = { observedAt: ctx.now().toISOString() };
    const outcome: BatchOutcome = {
      batch: number,
      read: next.value.records.length,
      observations: [],
      errors: [],
      checkpoint: next.value.checkpoint,
    };
    next.value.records.forEach((record, index) => {
      const result = mapOne(stream, record, context);
      if ('message' in result) {
        outcome.errors.push({ recordKey: keyOf(stream, record, `batch ${number} #${index}`), ...result });
      } else {
        outcome.observations.push(...result.observations);
      }
    });

    try {
      await options.onBatch(outcome);
    } catch (cause) {
      // Let the source clean up (close its paging); its own failure would hide the one that matters.
      await batches.return?.().catch(() => undefined);
      throw stop(`Storing batch ${number} failed`, cause);
    }
    committed = outcome.checkpoint;
    counts.batches = number;
    counts.read += next.value.records.length;
    counts.failed += outcome.errors.length;
    counts.mapped += next.value.records.length - outcome.errors.length;
    counts.observations += outcome.observations.length;
  }
  return { ...counts, checkpoint: committed };
}

type Mapped = { observations: Observation[] } | { message: string; field?: string };

function mapOne<Config>(stream: StreamDefinition<Config>, record: unknown, context: MapContext): Mapped {
  let result: MapResult;
  try {
    result = stream.map(record, context);
  } catch (e) {
    // Mappers should return MapErrors; a throw is a mapper bug, and still only this record's problem.
    return { message: `Mapper threw: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (isMapError(result))
    return result.field ? { message: result.message, field: result.field } : { message: result.message };
  const list = Array.isArray(result) ? result : [result];
  const observations: Observation[] = [];
  for (const candidate of list) {
    const parsed = observationSchema.safeParse(candidate);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return { message: `Mapper produced an invalid observation: ${issues}` };
    }
    observations.push(parsed.data);
  }
  return { observations };
}

function keyOf<Config>(stream: StreamDefinition<Config>, record: unknown, fallback: string): string {
  try {
    const key = stream.recordKey?.(record);
    if (key) return key;
  } catch {
    // fall through to the generic guesses
  }
  if (isRecord(record)) {
    for (const field of ID_FIELDS) {
      const value = record[field];
      if ((typeof value === 'string' && value !== '') || typeof value === 'number') return String(value);
    }
  }
  return fallback;
}
