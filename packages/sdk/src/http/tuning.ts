import { z } from 'zod';
import type { TransportSettings } from '../connector.js';

/**
 * Transport tuning an admin rarely touches, the same for every connector that offers it; tests shorten it
 * so faults resolve in milliseconds. `maxRetries` also bounds a connector's own re-sends (a POST it
 * retries only after checking nothing was created).
 */
export const httpTuningSchema = z
  .object({
    timeoutMs: z.number().int().positive().optional(),
    maxRetries: z.number().int().min(0).max(10).optional(),
    backoffBaseMs: z.number().int().positive().optional(),
    backoffMaxMs: z.number().int().positive().optional(),
    /** The longest server-requested wait (Retry-After, a rate-limit reset) sat out before failing. */
    maxWaitMs: z.number().int().positive().optional(),
  })
  .strict();
export type HttpTuning = z.infer<typeof httpTuningSchema>;

/** The transport settings a tuning block stands for. */
export function tuningSettings(
  tuning: HttpTuning,
): Pick<TransportSettings, 'timeoutMs' | 'maxRetries' | 'maxWaitMs' | 'backoff'> {
  return {
    timeoutMs: tuning.timeoutMs,
    maxRetries: tuning.maxRetries,
    maxWaitMs: tuning.maxWaitMs,
    backoff: { baseMs: tuning.backoffBaseMs, maxMs: tuning.backoffMaxMs },
  };
}
