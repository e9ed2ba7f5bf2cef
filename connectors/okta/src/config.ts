import { z } from 'zod';
import { httpTuningSchema } from '@steward/sdk';

export { httpTuningSchema, type HttpTuning } from '@steward/sdk';

export const oktaConfigSchema = z
  .object({
    /** The org URL, `https://{org}.okta.com` (or an Okta custom domain). */
    baseUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
    /** Users per page; Okta caps `limit` on /api/v1/users at 200. */
    pageSize: z.number().int().min(1).max(200).default(200),
    http: httpTuningSchema.default({}),
  })
  .strict();
export type OktaConfig = z.infer<typeof oktaConfigSchema>;
