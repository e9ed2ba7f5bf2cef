import { z } from 'zod';
import { isMapError, type Observation } from '@steward/sdk';
import { mapComputer } from '../ingest/computers.map.js';

/** Every computer action targets one computer by its Jamf Pro inventory id (the computers stream's key). */
export const computerIdSchema = z.string().trim().regex(/^\d+$/, 'a Jamf Pro computer id (digits)');

export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Jamf answers an update with the whole record: it goes back through the pipeline as what Jamf holds now,
 * dated now (the record's own last contact says nothing about when it was edited).
 */
export function feedback(record: unknown, now: Date): Observation[] {
  const observedAt = now.toISOString();
  const mapped = mapComputer(record, { observedAt });
  if (isMapError(mapped) || Array.isArray(mapped)) return [];
  return [{ ...(mapped as Observation), observedAt }];
}

/** Run on a Steward device: its Jamf computer id (the computers stream's record key) goes into `computerId`. */
export const computerTarget = { kind: 'device', field: 'computerId' } as const;
