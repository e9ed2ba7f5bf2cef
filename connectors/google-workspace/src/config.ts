import { z } from 'zod';

/** Transport tuning an admin rarely touches; tests shorten it so faults resolve in milliseconds. */
export const httpTuningSchema = z
  .object({
    timeoutMs: z.number().int().positive().optional().meta({
      title: 'Request timeout (ms)',
      description:
        'Advanced: how long one HTTP request may take before it is abandoned and retried; blank keeps the default.',
    }),
    maxRetries: z.number().int().min(0).max(10).optional().meta({
      title: 'Maximum retries',
      description:
        'Advanced: how often a failed or rate-limited request is retried (0–10); blank keeps the default.',
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
  })
  .strict();

export const googleWorkspaceConfigSchema = z
  .object({
    baseUrl: z
      .url()
      .default('https://admin.googleapis.com')
      .transform((u) => u.replace(/\/+$/, ''))
      .meta({
        title: 'Admin SDK API URL',
        description: 'Advanced: the Admin SDK host; change it only for a simulator or an egress proxy.',
      }),
    tokenUrl: z.url().optional().meta({
      title: 'Token URL',
      description:
        "Advanced: overrides the service account key's token_uri (normally https://oauth2.googleapis.com/token).",
    }),
    adminEmail: z.email().meta({
      title: 'Admin email to impersonate',
      description:
        'A super admin the service account impersonates through domain-wide delegation (the JWT sub claim).',
    }),
    customer: z.string().min(1).default('my_customer').meta({
      title: 'Customer ID',
      description:
        "my_customer (the admin's own account) or a Google Workspace customer ID such as C03az79cb.",
    }),
    pageSize: z.number().int().min(1).max(500).default(500).meta({
      title: 'Page size',
      description: 'Users per page; the Directory API caps maxResults at 500.',
    }),
    http: httpTuningSchema.default({}).meta({
      title: 'Advanced HTTP settings',
      description:
        'Advanced: timeouts and retries of the HTTP client, rarely changed; every field may be left blank.',
    }),
  })
  .strict();
export type GoogleWorkspaceConfig = z.infer<typeof googleWorkspaceConfigSchema>;
