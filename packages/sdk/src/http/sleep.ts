import { setTimeout as delay } from 'node:timers/promises';

export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** Waits `ms`; rejects with the signal's reason when it aborts first. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) {
    if (signal?.aborted) throw abortReason(signal);
    return;
  }
  try {
    await delay(ms, undefined, { signal });
  } catch (e) {
    if (signal?.aborted) throw abortReason(signal);
    throw e;
  }
}
