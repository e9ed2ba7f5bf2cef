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
      .transform((u) => u.replace(/\/+$/, ''))
      .meta({
        title: 'API gateway URL',
        description: `The API 2.0 gateway: the global ${DEFAULT_BASE_URL}, or a regional host (uk-api…, us-api…, au-api…).`,
      }),
    clientId: z.string().trim().min(1).meta({
      title: 'Client ID',
      description:
        'Client ID of the API 2.0 application (Administration › Services › API and Platform Integrations).',
    }),
    environment: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .meta({
        title: 'Account label',
        description:
          'Names this Mimecast account (one connector instance each) so admins can tell accounts apart in ' +
          'lists, results and bulk runs.',
      }),
    pageSize: z.number().int().min(1).max(500).default(100).meta({
      title: 'Page size',
      description: 'Policies per get-policy page when looking for an existing identical policy.',
    }),
    http: httpTuningSchema.default({}).meta({
      title: 'Advanced HTTP settings',
      description:
        'Advanced: timeouts and retries of the HTTP client, rarely changed; every field may be left blank.',
    }),
  })
  .strict();
export type MimecastConfig = z.output<typeof mimecastConfigSchema>;
export type MimecastConfigInput = z.input<typeof mimecastConfigSchema>;
