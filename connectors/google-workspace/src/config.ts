import { z } from 'zod';

/** Transport tuning an admin rarely touches; tests shorten it so faults resolve in milliseconds. */
export const httpTuningSchema = z
  .object({
    timeoutMs: z.number().int().positive().optional(),
    maxRetries: z.number().int().min(0).max(10).optional(),
    backoffBaseMs: z.number().int().positive().optional(),
    backoffMaxMs: z.number().int().positive().optional(),
  })
  .strict();

export const googleWorkspaceConfigSchema = z
  .object({
    /** The Admin SDK host. */
    baseUrl: z
      .url()
      .default('https://admin.googleapis.com')
      .transform((u) => u.replace(/\/+$/, '')),
    /** Overrides the key file's token_uri (default https://oauth2.googleapis.com/token). */
    tokenUrl: z.url().optional(),
    /** The super admin the service account impersonates through domain-wide delegation (JWT `sub`). */
    adminEmail: z.email(),
    /** `my_customer` (the admin's own account) or a customer id such as C03az79cb. */
    customer: z.string().min(1).default('my_customer'),
    /** Users per page; the Directory API caps maxResults at 500. */
    pageSize: z.number().int().min(1).max(500).default(500),
    http: httpTuningSchema.default({}),
  })
  .strict();
export type GoogleWorkspaceConfig = z.infer<typeof googleWorkspaceConfigSchema>;
