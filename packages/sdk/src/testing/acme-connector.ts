// A small Jamf-like connector for the SDK's own tests: the contract exercised end to end.
import { z } from 'zod';
import { oauth2ClientCredentials } from '../auth/oauth2-client-credentials.js';
import { defineAction, defineConnector, defineStream, type ConnectorContext } from '../connector.js';
import { pageNumberPages } from '../http/paging.js';
import { mapWith } from '../mapping.js';

export const acmeConfigSchema = z.object({
  baseUrl: z.url(),
  clientId: z.string().min(1),
  pageSize: z.number().int().positive().default(3),
});
export type AcmeConfig = z.infer<typeof acmeConfigSchema>;
type Ctx = ConnectorContext<AcmeConfig>;

const computerSchema = z.object({
  id: z.string(),
  general: z.object({ name: z.string(), lastContactTime: z.string().nullable() }),
  hardware: z.object({ serialNumber: z.string().nullable(), macAddress: z.string().nullable() }),
});

export const mapComputer = mapWith(computerSchema, (c, { observedAt }) => ({
  sourceKey: c.id,
  kind: 'device' as const,
  observedAt: c.general.lastContactTime ?? observedAt,
  identifiers: {
    ...(c.hardware.serialNumber ? { serialNumber: c.hardware.serialNumber } : {}),
    ...(c.hardware.macAddress ? { macAddresses: [c.hardware.macAddress] } : {}),
  },
  attributes: { name: c.general.name, mdmName: 'Acme' },
}));

export const computers = defineStream({
  kind: 'device',
  mode: 'full',
  async *read(ctx: Ctx, checkpoint) {
    const start = z.object({ page: z.number() }).nullable().optional().parse(checkpoint);
    const pages = pageNumberPages(ctx.http, {
      path: '/api/v1/computers-inventory',
      query: { section: ['GENERAL', 'HARDWARE'] },
      pageSize: ctx.config.pageSize,
      start,
      signal: ctx.signal,
    });
    for await (const page of pages) yield { records: page.items, checkpoint: page.next };
  },
  map: mapComputer,
});

export const lock = defineAction({
  title: 'Lock computer',
  inputSchema: z.object({ managementId: z.string().min(1), pin: z.string().regex(/^\d{6}$/) }),
  reversible: false,
  destructive: false,
  async execute(ctx: Ctx, input, { idempotencyKey }) {
    const res = await ctx.http.request({
      method: 'POST',
      path: '/api/v2/mdm/commands',
      json: {
        clientData: [{ managementId: input.managementId }],
        commandData: { commandType: 'DEVICE_LOCK', pin: input.pin },
      },
      idempotencyKey,
      schema: z.array(z.object({ id: z.string(), href: z.string() })).min(1),
    });
    return { status: 'accepted', externalId: res.json[0]?.id };
  },
});

export const acme = defineConnector({
  id: 'acme-mdm',
  title: 'Acme MDM',
  category: 'mdm',
  configSchema: acmeConfigSchema,
  auth: {
    type: 'oauth2_client_credentials',
    secrets: [{ key: 'clientSecret', label: 'Client secret' }],
    create: (config, secrets) =>
      oauth2ClientCredentials({
        tokenUrl: `${config.baseUrl}/api/oauth/token`,
        clientId: config.clientId,
        clientSecret: secrets.clientSecret ?? '',
      }),
  },
  http: (config) => ({
    baseUrl: config.baseUrl,
    maxConcurrent: 5,
    backoff: { baseMs: 10, maxMs: 50 },
    maxRetries: 2,
  }),
  streams: { computers },
  actions: { lock },
  async test(ctx) {
    await ctx.http.request({ path: '/api/v1/computers-inventory', query: { 'page-size': 1 } });
    return { ok: true, message: 'Connected.' };
  },
});
