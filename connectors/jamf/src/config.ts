import { z } from 'zod';

export const jamfConfigSchema = z.object({
  /** The Jamf Pro server, e.g. https://yourcompany.jamfcloud.com (a simulator in tests and demos). */
  baseUrl: z.url(),
  /** Client id of the Jamf Pro API client (Settings › API roles and clients). */
  clientId: z.string().min(1),
  /** `page-size` of the inventory reads; Jamf serves at most 2000 records a page. */
  pageSize: z.number().int().min(1).max(2000).default(500),
  /**
   * Version of the computers-inventory endpoints. v1 answers on every Jamf Pro since 10.36 but is deprecated
   * (2025-06); a server that has removed it needs v2, v3 or v4, which return the same record shape.
   */
  inventoryApiVersion: z.enum(['v1', 'v2', 'v3', 'v4']).default('v1'),
  timeoutMs: z.number().int().min(1000).default(60_000),
  maxRetries: z.number().int().min(0).max(12).default(4),
  backoffBaseMs: z.number().int().min(1).default(500),
  backoffMaxMs: z.number().int().min(1).default(30_000),
});

export type JamfConfig = z.infer<typeof jamfConfigSchema>;

/** Jamf recommends at most five concurrent connections per server. */
export const JAMF_MAX_CONCURRENT = 5;

export function tokenUrlOf(config: Pick<JamfConfig, 'baseUrl'>): string {
  return `${config.baseUrl.replace(/\/+$/, '')}/api/oauth/token`;
}
