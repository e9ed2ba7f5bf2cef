// The running list of a receiving session: serials scanned or typed, waiting, being sent, and then what
// the server said about each.
import { normaliseSerial, type ReceiveResult, type ReceiveStatus } from '../../../api/purchasing.js';

export type EntryState = 'pending' | 'sending' | 'failed' | ReceiveStatus;

export interface ScanEntry {
  key: number;
  serial: string;
  state: EntryState;
  result?: ReceiveResult;
  /** Why sending failed (the request, not the serial). */
  error?: string;
}

/** The most serials one request takes. */
export const MAX_BATCH = 1000;

/** What was typed or scanned, as serials: one per line, comma, semicolon or space, normalised. */
export function splitSerials(raw: string): string[] {
  return raw
    .split(/[\s,;]+/)
    .map(normaliseSerial)
    .filter(Boolean);
}

/** A serial already waiting or on its way is not queued twice (a scanner that double-fires). */
export function isQueued(entries: readonly ScanEntry[], serial: string): boolean {
  return entries.some((e) => e.serial === serial && (e.state === 'pending' || e.state === 'sending'));
}

/** The server answers in the order it was asked; each sent entry takes its result (by position, then serial). */
export function applyResults(
  entries: readonly ScanEntry[],
  sent: readonly ScanEntry[],
  results: readonly ReceiveResult[],
): ScanEntry[] {
  const byKey = new Map<number, ReceiveResult | undefined>();
  sent.forEach((e, i) => {
    const r = results[i]?.serial === e.serial ? results[i] : results.find((x) => x.serial === e.serial);
    byKey.set(e.key, r);
  });
  return entries.map((e) => {
    if (!byKey.has(e.key)) return e;
    const r = byKey.get(e.key);
    return r
      ? { ...e, state: r.status, result: r }
      : { ...e, state: 'failed', error: 'The server did not answer for this serial.' };
  });
}

export type Tally = Record<EntryState, number>;

export function tally(entries: readonly ScanEntry[]): Tally {
  const t: Tally = {
    pending: 0,
    sending: 0,
    failed: 0,
    received: 0,
    already_received: 0,
    unmatched: 0,
    ambiguous: 0,
  };
  for (const e of entries) t[e.state]++;
  return t;
}
