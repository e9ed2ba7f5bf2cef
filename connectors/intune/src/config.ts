import { z } from 'zod';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export const intuneConfigSchema = z.object({
  tenantId: z.string().min(1).meta({
    title: 'Directory (tenant) ID',
    description:
      'The Microsoft Entra tenant: its GUID, or a verified domain such as contoso.onmicrosoft.com.',
  }),
  clientId: z.string().min(1).meta({
    title: 'Application (client) ID',
    description: 'Application (client) ID of the Microsoft Entra app registration.',
  }),
  authorityUrl: z
    .url()
    .default('https://login.microsoftonline.com')
    .meta({
      title: 'Microsoft Entra sign-in URL',
      description:
        'Advanced: the Microsoft Entra sign-in host; change it only for a national cloud ' +
        '(https://login.microsoftonline.us) or a simulator.',
    }),
  graphUrl: z
    .url()
    .default('https://graph.microsoft.com')
    .meta({
      title: 'Microsoft Graph URL',
      description:
        'Advanced: the Microsoft Graph host; change it only for a national cloud (https://graph.microsoft.us) ' +
        'or a simulator.',
    }),
  pageSize: z.number().int().min(1).max(1000).default(500).meta({
    title: 'Page size',
    description:
      'Devices per page of the device list ($top); Intune serves at most 1000 managed devices a page.',
  }),
  detailConcurrency: z.number().int().min(1).max(32).default(8).meta({
    title: 'Concurrent detail reads',
    description: 'Advanced: Ethernet MAC reads in flight at once (one per Windows or macOS device).',
  }),
  // Graph allows an app 2000 Intune requests per 20 s (100/s) per tenant; a little under avoids 429s.
  requestsPerSecond: z
    .number()
    .positive()
    .default(90)
    .meta({
      title: 'Requests per second',
      description:
        "Advanced: client-side pace, kept a little under Graph's limit of 2000 Intune requests per 20 s per " +
        'tenant so throttling is not earned in the first place.',
    }),
  burst: z.number().int().min(1).default(20).meta({
    title: 'Request burst',
    description: 'Advanced: how many requests may go at once before the per-second pace applies.',
  }),
  // Graph sometimes answers 429 without Retry-After and its window is 20 s long: the retries must be able
  // to outlast it (8 retries doubling from 1 s add up to well over 20 s).
  maxRetries: z
    .number()
    .int()
    .min(0)
    .max(12)
    .default(8)
    .meta({
      title: 'Maximum retries',
      description:
        "Advanced: how often a failed or throttled request is retried (0–12); keep enough to outlast Graph's " +
        '20-second throttling window.',
    }),
  backoffBaseMs: z.number().int().min(1).default(1000).meta({
    title: 'Retry backoff base (ms)',
    description: 'Advanced: the first wait between retries, doubled on each further retry.',
  }),
  backoffMaxMs: z.number().int().min(1).default(30_000).meta({
    title: 'Retry backoff cap (ms)',
    description: 'Advanced: the longest wait between two retries.',
  }),
  timeoutMs: z.number().int().min(1000).default(60_000).meta({
    title: 'Request timeout (ms)',
    description: 'Advanced: how long one HTTP request may take before it is abandoned and retried.',
  }),
});

export type IntuneConfig = z.infer<typeof intuneConfigSchema>;

export function tokenUrlOf(config: Pick<IntuneConfig, 'authorityUrl' | 'tenantId'>): string {
  return `${config.authorityUrl.replace(/\/+$/, '')}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
}
