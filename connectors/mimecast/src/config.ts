import { z } from 'zod';
import { httpTuningSchema } from '@steward/sdk';

/** The global API 2.0 gateway; Mimecast also runs regional hosts (uk-api…, us-api…, au-api…). */
export const DEFAULT_BASE_URL = 'https://api.services.mimecast.com';

export { httpTuningSchema, type HttpTuning } from '@steward/sdk';

export const mimecastConfigSchema = z
  .object({
    baseUrl: z
      .url()
      .default(DEFAULT_BASE_URL)
      .transform((u) => u.replace(/\/+$/, '')),
    /** The API 2.0 application's client id (Administration → Services → API and Platform Integrations). */
    clientId: z.string().trim().min(1),
    /**
     * The display label of this Mimecast account: customers run many accounts (one connector instance
     * each), and this is how an admin tells them apart in lists, results and bulk runs.
     */
    environment: z.string().trim().min(1).max(120),
    /** Policies per get-policy page when looking for an existing identical policy. */
    pageSize: z.number().int().min(1).max(500).default(100),
    http: httpTuningSchema.default({}),
  })
  .strict();
export type MimecastConfig = z.output<typeof mimecastConfigSchema>;
export type MimecastConfigInput = z.input<typeof mimecastConfigSchema>;
