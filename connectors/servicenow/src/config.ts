import { z } from 'zod';
import { httpTuningSchema } from '@steward/sdk';

export { httpTuningSchema, type HttpTuning } from '@steward/sdk';

const reference = z.string().trim().min(1).max(100);

/** Filled into a new incident when the action's input leaves the field blank. */
export const incidentDefaultsSchema = z
  .object({
    assignmentGroup: reference.optional().meta({
      title: 'Assignment group',
      description: 'The sys_id or name of the sys_user_group new incidents are assigned to.',
    }),
    category: z.string().trim().min(1).max(40).optional().meta({
      title: 'Category',
      description: 'The incident category (a value of the incident Category choice list, such as hardware).',
    }),
    callerId: reference.optional().meta({
      title: 'Caller',
      description: 'The sys_id or user name of the sys_user the incident is raised for.',
    }),
  })
  .strict();

export const serviceNowConfigSchema = z
  .object({
    baseUrl: z
      .url()
      .transform((u) => u.replace(/\/+$/, ''))
      .meta({
        title: 'Instance URL',
        description: 'Your ServiceNow instance URL, https://<instance>.service-now.com.',
      }),
    username: z.string().trim().min(1).meta({
      title: 'User name',
      description: 'A user with the itil role (or another role allowed to read and insert incidents).',
    }),
    defaults: incidentDefaultsSchema.default({}).meta({
      title: 'Incident defaults',
      description: "Filled into a new incident when the action's input leaves the field blank.",
    }),
    http: httpTuningSchema.default({}).meta({
      title: 'Advanced HTTP settings',
      description:
        'Advanced: timeouts and retries of the HTTP client, rarely changed; every field may be left blank.',
    }),
  })
  .strict();
export type ServiceNowConfig = z.infer<typeof serviceNowConfigSchema>;
