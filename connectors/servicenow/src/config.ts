import { z } from 'zod';
import { httpTuningSchema } from '@steward/sdk';

export { httpTuningSchema, type HttpTuning } from '@steward/sdk';

const reference = z.string().trim().min(1).max(100);

/** Filled into a new incident when the action's input leaves the field blank. */
export const incidentDefaultsSchema = z
  .object({
    /** A sys_user_group sys_id or name. */
    assignmentGroup: reference.optional(),
    category: z.string().trim().min(1).max(40).optional(),
    /** A sys_user sys_id or user name: who the incident is raised for. */
    callerId: reference.optional(),
  })
  .strict();

export const serviceNowConfigSchema = z
  .object({
    /** The instance URL, `https://<instance>.service-now.com`. */
    baseUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
    /** A user with the itil role (or a role allowed to read and insert incidents). */
    username: z.string().trim().min(1),
    defaults: incidentDefaultsSchema.default({}),
    http: httpTuningSchema.default({}),
  })
  .strict();
export type ServiceNowConfig = z.infer<typeof serviceNowConfigSchema>;
