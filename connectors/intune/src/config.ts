import { z } from 'zod';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export const intuneConfigSchema = z.object({
  /** Directory (tenant) id, a GUID, or a verified domain such as contoso.onmicrosoft.com. */
  tenantId: z.string().min(1),
  /** Application (client) id of the Entra app registration. */
  clientId: z.string().min(1),
  /** Microsoft Entra sign-in host; national clouds (login.microsoftonline.us) and simulators override it. */
  authorityUrl: z.url().default('https://login.microsoftonline.com'),
  graphUrl: z.url().default('https://graph.microsoft.com'),
  /** `$top` of the device list; Intune serves at most 1000 managed devices a page. */
  pageSize: z.number().int().min(1).max(1000).default(500),
  /** Ethernet-MAC reads in flight at once (one per Windows or macOS device). */
  detailConcurrency: z.number().int().min(1).max(32).default(8),
  /**
   * Client-side pace. Graph allows an app 2000 Intune requests per 20 s (100/s) per tenant; staying a
   * little under it avoids earning 429s in the first place.
   */
  requestsPerSecond: z.number().positive().default(90),
  burst: z.number().int().min(1).default(20),
  /**
   * Graph sometimes answers 429 without Retry-After, and its window is 20 s long: the retries must be
   * able to outlast it (8 retries doubling from 1 s add up to well over 20 s).
   */
  maxRetries: z.number().int().min(0).max(12).default(8),
  backoffBaseMs: z.number().int().min(1).default(1000),
  backoffMaxMs: z.number().int().min(1).default(30_000),
  timeoutMs: z.number().int().min(1000).default(60_000),
});

export type IntuneConfig = z.infer<typeof intuneConfigSchema>;

export function tokenUrlOf(config: Pick<IntuneConfig, 'authorityUrl' | 'tenantId'>): string {
  return `${config.authorityUrl.replace(/\/+$/, '')}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
}
