import { useCallback, useReducer, useRef, useState } from 'react';
import { describeError } from '../../../api/client.js';
import type { ReceiveResult } from '../../../api/purchasing.js';
import { applyResults, isQueued, MAX_BATCH, splitSerials, type ScanEntry } from './scanList.js';

export type Submit = (serials: string[]) => Promise<ReceiveResult[]>;

export interface AddOutcome {
  added: string[];
  /** Already waiting on the list. */
  skipped: string[];
}

/**
 * A receiving session: scans go on a running list (newest first) and are sent in batches, either when
 * asked or, with `auto`, as soon as they are scanned. A scan made while a batch is on its way waits for
 * the next one.
 */
export function useScanSession(submit: Submit, auto: boolean) {
  const entries = useRef<ScanEntry[]>([]);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [sending, setSending] = useState(false);
  const nextKey = useRef(1);
  const inFlight = useRef(false);
  const latest = useRef({ submit, auto });
  latest.current = { submit, auto };

  const update = useCallback((fn: (es: ScanEntry[]) => ScanEntry[]) => {
    entries.current = fn(entries.current);
    rerender();
  }, []);

  const send = useCallback(async (): Promise<void> => {
    if (inFlight.current) return;
    const batch = entries.current
      .filter((e) => e.state === 'pending')
      .reverse() // oldest first: the order they were scanned in
      .slice(0, MAX_BATCH)
      .map((e) => ({ ...e, state: 'sending' as const }));
    if (batch.length === 0) return;
    const keys = new Set(batch.map((e) => e.key));
    inFlight.current = true;
    setSending(true);
    update((es) => es.map((e) => (keys.has(e.key) ? { ...e, state: 'sending' } : e)));
    try {
      const results = await latest.current.submit(batch.map((e) => e.serial));
      update((es) => applyResults(es, batch, results));
    } catch (err) {
      const error = describeError(err);
      update((es) => es.map((e) => (keys.has(e.key) ? { ...e, state: 'failed', error } : e)));
    } finally {
      inFlight.current = false;
      setSending(false);
    }
    if (latest.current.auto && entries.current.some((e) => e.state === 'pending')) await send();
  }, [update]);

  const add = useCallback(
    (raw: string): AddOutcome => {
      const out: AddOutcome = { added: [], skipped: [] };
      const fresh: ScanEntry[] = [];
      for (const serial of splitSerials(raw)) {
        if (isQueued([...fresh, ...entries.current], serial)) out.skipped.push(serial);
        else {
          out.added.push(serial);
          fresh.unshift({ key: nextKey.current++, serial, state: 'pending' });
        }
      }
      if (fresh.length > 0) update((es) => [...fresh, ...es]);
      if (fresh.length > 0 && latest.current.auto) void send();
      return out;
    },
    [send, update],
  );

  /**
   * Puts serials back on the list to send again: those whose request failed, or the ambiguous ones once
   * the person has said which line they go to.
   */
  const requeue = useCallback(
    (state: 'failed' | 'ambiguous') => {
      update((es) =>
        es.map((e) => (e.state === state ? { key: e.key, serial: e.serial, state: 'pending' } : e)),
      );
      if (latest.current.auto) void send();
    },
    [send, update],
  );

  const remove = useCallback(
    (key: number) => update((es) => es.filter((e) => e.key !== key || e.state === 'sending')),
    [update],
  );

  /** Starts a fresh list (what is on its way stays until it is answered). */
  const clear = useCallback(() => update((es) => es.filter((e) => e.state === 'sending')), [update]);

  return { entries: entries.current, sending, add, send, requeue, remove, clear };
}
