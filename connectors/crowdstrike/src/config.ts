import { z } from 'zod';

/** CrowdStrike's documented per-customer budget. */
export const DEFAULT_REQUESTS_PER_MINUTE = 6000;
/** Most ids one `POST /devices/entities/devices/v2` takes, so one scroll page is one details call. */
export const MAX_DETAILS_IDS = 5000;

export const crowdstrikeConfigSchema = z.object({
  baseUrl: z
    .url()
    .default('https://api.crowdstrike.com')
    .transform((url) => url.replace(/\/+$/, ''))
    .meta({
      title: 'API base URL (region)',
      description:
        "Your Falcon cloud's API host: https://api.crowdstrike.com (US-1), https://api.us-2.crowdstrike.com " +
        '(US-2), https://api.eu-1.crowdstrike.com (EU-1) or https://api.laggar.gcw.crowdstrike.com (US-GOV-1).',
    }),
  clientId: z.string().trim().min(1).meta({
    title: 'Client ID',
    description: 'Client ID of the Falcon API client (Falcon console › API clients and keys).',
  }),
  memberCid: z.string().trim().min(1).optional().meta({
    title: 'Member CID',
    description:
      'For Flight Control (MSSP) parents only: the child CID the token then acts on; leave blank otherwise.',
  }),
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(MAX_DETAILS_IDS)
    .default(MAX_DETAILS_IDS)
    .meta({
      title: 'Page size',
      description: `Host IDs per scroll page, and so hosts per batch (at most ${MAX_DETAILS_IDS}).`,
    }),
  requestsPerMinute: z
    .number()
    .int()
    .positive()
    .default(DEFAULT_REQUESTS_PER_MINUTE)
    .meta({
      title: 'Requests per minute',
      description:
        "Advanced: client-side pace, kept below CrowdStrike's per-customer budget so this instance's streams " +
        'and actions never earn a 429.',
    }),
  timeoutMs: z.number().int().positive().default(30_000).meta({
    title: 'Request timeout (ms)',
    description: 'Advanced: how long one HTTP request may take before it is abandoned and retried.',
  }),
  maxRetries: z.number().int().min(0).max(10).default(4).meta({
    title: 'Maximum retries',
    description: 'Advanced: how often a failed or rate-limited request is retried (0–10).',
  }),
  backoff: z
    .object({
      baseMs: z.number().int().positive().default(500).meta({
        title: 'Retry backoff base (ms)',
        description: 'Advanced: the first wait between retries, doubled on each further retry.',
      }),
      maxMs: z.number().int().positive().default(30_000).meta({
        title: 'Retry backoff cap (ms)',
        description: 'Advanced: the longest wait between two retries.',
      }),
    })
    .default({ baseMs: 500, maxMs: 30_000 })
    .meta({
      title: 'Retry backoff',
      description: 'Advanced: how long to wait between retries of a failed request.',
    }),
});

export type CrowdStrikeConfig = z.output<typeof crowdstrikeConfigSchema>;
export type CrowdStrikeConfigInput = z.input<typeof crowdstrikeConfigSchema>;
