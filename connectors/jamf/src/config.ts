import { z } from 'zod';

export const jamfConfigSchema = z.object({
  baseUrl: z.url().meta({
    title: 'Jamf Pro URL',
    description: 'The Jamf Pro server, e.g. https://yourcompany.jamfcloud.com.',
  }),
  clientId: z.string().min(1).meta({
    title: 'Client ID',
    description: 'Client ID of the Jamf Pro API client (Settings › API roles and clients).',
  }),
  pageSize: z.number().int().min(1).max(2000).default(500).meta({
    title: 'Page size',
    description: 'Records per inventory page (page-size); Jamf serves at most 2000 records a page.',
  }),
  inventoryApiVersion: z
    .enum(['v1', 'v2', 'v3', 'v4'])
    .default('v1')
    .meta({
      title: 'Computers inventory API version',
      description:
        'Version of the computers-inventory endpoints: v1 answers on every Jamf Pro since 10.36 but is ' +
        'deprecated (2025-06), so a server that has removed it needs v2, v3 or v4 (same record shape).',
    }),
  timeoutMs: z.number().int().min(1000).default(60_000).meta({
    title: 'Request timeout (ms)',
    description: 'Advanced: how long one HTTP request may take before it is abandoned and retried.',
  }),
  maxRetries: z.number().int().min(0).max(12).default(4).meta({
    title: 'Maximum retries',
    description: 'Advanced: how often a failed or rate-limited request is retried (0–12).',
  }),
  backoffBaseMs: z.number().int().min(1).default(500).meta({
    title: 'Retry backoff base (ms)',
    description: 'Advanced: the first wait between retries, doubled on each further retry.',
  }),
  backoffMaxMs: z.number().int().min(1).default(30_000).meta({
    title: 'Retry backoff cap (ms)',
    description: 'Advanced: the longest wait between two retries.',
  }),
});

export type JamfConfig = z.infer<typeof jamfConfigSchema>;

/** Jamf recommends at most five concurrent connections per server. */
export const JAMF_MAX_CONCURRENT = 5;

export function tokenUrlOf(config: Pick<JamfConfig, 'baseUrl'>): string {
  return `${config.baseUrl.replace(/\/+$/, '')}/api/oauth/token`;
}
