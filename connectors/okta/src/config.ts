import { z } from 'zod';
import { httpTuningSchema } from '@steward/sdk';

export { httpTuningSchema, type HttpTuning } from '@steward/sdk';

export const oktaConfigSchema = z
  .object({
    baseUrl: z
      .url()
      .transform((u) => u.replace(/\/+$/, ''))
      .meta({
        title: 'Okta org URL',
        description: 'Your Okta org URL, https://{yourOktaDomain}.okta.com, or your Okta custom domain.',
      }),
    pageSize: z.number().int().min(1).max(200).default(200).meta({
      title: 'Page size',
      description: 'Users per page; Okta caps limit on /api/v1/users at 200.',
    }),
    http: httpTuningSchema.default({}).meta({
      title: 'Advanced HTTP settings',
      description:
        'Advanced: timeouts and retries of the HTTP client, rarely changed; every field may be left blank.',
    }),
  })
  .strict();
export type OktaConfig = z.infer<typeof oktaConfigSchema>;
