import { z } from 'zod';
import type { TransportSettings } from '../connector.js';

/**
 * Transport tuning an admin rarely touches, the same for every connector that offers it; tests shorten it
 * so faults resolve in milliseconds. `maxRetries` also bounds a connector's own re-sends (a POST it
 * retries only after checking nothing was created).
 */
export const httpTuningSchema = z
  .object({
    timeoutMs: z.number().int().positive().optional().meta({
      title: 'Request timeout (ms)',
      description:
        'Advanced: how long one HTTP request may take before it is abandoned and retried; blank keeps the default.',
    }),
    maxRetries: z
      .number()
      .int()
      .min(0)
      .max(10)
      .optional()
      .meta({
        title: 'Maximum retries',
        description:
          "Advanced: how often a failed or rate-limited request is retried (0–10), also bounding the connector's " +
          'own checked re-sends; blank keeps the default.',
      }),
    backoffBaseMs: z.number().int().positive().optional().meta({
      title: 'Retry backoff base (ms)',
      description:
        'Advanced: the first wait between retries, doubled on each further retry; blank keeps the default.',
    }),
    backoffMaxMs: z.number().int().positive().optional().meta({
      title: 'Retry backoff cap (ms)',
      description: 'Advanced: the longest wait between two retries; blank keeps the default.',
    }),
    maxWaitMs: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({
        title: 'Longest server-requested wait (ms)',
        description:
          'Advanced: the longest wait the vendor may ask for (Retry-After, a rate-limit reset) that is sat out ' +
          'rather than failing the request; blank keeps the default.',
      }),
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
