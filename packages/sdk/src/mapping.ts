import type { z } from 'zod';
import type { Observation } from './observation.js';

/** Why one record could not become an observation. The sync records it and moves on. */
export interface MapError {
  type: 'map_error';
  message: string;
  /** The offending field of the source record, when one is to blame. */
  field?: string;
}

export type MapResult = Observation | readonly Observation[] | MapError;

/** What a mapper may know besides the record; passed in so mappers stay pure. */
export interface MapContext {
  /** When the batch holding the record was read (ISO), for sources that do not date their records. */
  observedAt: string;
}

export function mapError(message: string, field?: string): MapError {
  return field === undefined ? { type: 'map_error', message } : { type: 'map_error', message, field };
}

export function isMapError(value: unknown): value is MapError {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'map_error';
}

/**
 * A mapper that first validates the raw record with `schema`: a record of the wrong shape becomes a
 * MapError naming the fields (never their values, which may be personal data).
 */
export function mapWith<S extends z.ZodType>(
  schema: S,
  map: (record: z.output<S>, context: MapContext) => MapResult,
): (record: unknown, context: MapContext) => MapResult {
  return (record, context) => {
    const parsed = schema.safeParse(record);
    if (parsed.success) return map(parsed.data, context);
    const issues = parsed.error.issues.slice(0, 5);
    const message = issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ');
    return mapError(`Unexpected record shape: ${message}`, issues[0]?.path.join('.') || undefined);
  };
}
