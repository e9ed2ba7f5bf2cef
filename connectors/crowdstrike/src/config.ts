import { z } from 'zod';

/** CrowdStrike's documented per-customer budget. */
export const DEFAULT_REQUESTS_PER_MINUTE = 6000;
/** Most ids one `POST /devices/entities/devices/v2` takes, so one scroll page is one details call. */
export const MAX_DETAILS_IDS = 5000;

export const crowdstrikeConfigSchema = z.object({
  /** The cloud's API host: api.crowdstrike.com (US-1), api.us-2…, api.eu-1…, api.laggar.gcw…. */
  baseUrl: z
    .url()
    .default('https://api.crowdstrike.com')
    .transform((url) => url.replace(/\/+$/, '')),
  clientId: z.string().trim().min(1),
  /** A child CID for Flight Control (MSSP) parents: the token then acts on that customer. */
  memberCid: z.string().trim().min(1).optional(),
  /** Host ids per scroll page, and so hosts per batch. */
  pageSize: z.number().int().min(1).max(MAX_DETAILS_IDS).default(MAX_DETAILS_IDS),
  /** Client-side pace, below the vendor's budget so streams and actions of one instance never earn a 429. */
  requestsPerMinute: z.number().int().positive().default(DEFAULT_REQUESTS_PER_MINUTE),
  timeoutMs: z.number().int().positive().default(30_000),
  maxRetries: z.number().int().min(0).max(10).default(4),
  backoff: z
    .object({
      baseMs: z.number().int().positive().default(500),
      maxMs: z.number().int().positive().default(30_000),
    })
    .default({ baseMs: 500, maxMs: 30_000 }),
});

export type CrowdStrikeConfig = z.output<typeof crowdstrikeConfigSchema>;
export type CrowdStrikeConfigInput = z.input<typeof crowdstrikeConfigSchema>;
