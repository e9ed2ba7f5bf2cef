import { z } from 'zod';

/** Transport tuning an admin rarely touches; tests shorten it so faults resolve in milliseconds. */
export const httpTuningSchema = z
  .object({
    timeoutMs: z.number().int().positive().optional(),
    maxRetries: z.number().int().min(0).max(10).optional(),
    backoffBaseMs: z.number().int().positive().optional(),
    backoffMaxMs: z.number().int().positive().optional(),
    /** The longest X-Rate-Limit-Reset wait sat out before a request fails as rate limited. */
    maxWaitMs: z.number().int().positive().optional(),
  })
  .strict();
export type HttpTuning = z.infer<typeof httpTuningSchema>;

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
