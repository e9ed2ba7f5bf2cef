import { defineAction, type ConnectorContext } from '@steward/sdk';
import { z } from 'zod';
import type { ServiceNowConfig } from '../config.js';
import { incidentUrl } from '../transport.js';
import { createOnce } from './create-once.js';

const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const reference = z.string().trim().min(1).max(100);

export const createIncidentInputSchema = z
  .object({
    shortDescription: z.string().trim().min(1).max(160),
    description: z.string().trim().min(1).max(4000).optional(),
    /** 1 high, 2 medium, 3 low (ServiceNow's default). */
    urgency: level.optional(),
    impact: level.optional(),
    /** sys_user sys_id or user name; blank takes the instance's default caller. */
    callerId: reference.optional(),
    assignmentGroup: reference.optional(),
    category: z.string().trim().min(1).max(40).optional(),
    /** The affected configuration item (`cmdb_ci`), a sys_id or name. */
    configurationItem: reference.optional(),
  })
  .strict();
export type CreateIncidentInput = z.infer<typeof createIncidentInputSchema>;

/** Opens one ServiceNow incident per dispatch, however often the dispatch is retried. */
export const createIncident = defineAction({
  title: 'Create ServiceNow incident',
  description:
    'Opens an incident; fields left blank take the instance defaults. A retried dispatch returns the ' +
    'incident it already created (matched by correlation_id) instead of opening a second one.',
  inputSchema: createIncidentInputSchema,
  reversible: false,
  destructive: false,
  // createOnce looks the key's correlation_id up before it POSTs: a resumed dispatch finds its incident.
  resume: 'repeat',
  async execute(ctx: ConnectorContext<ServiceNowConfig>, input, meta) {
    const defaults = ctx.config.defaults;
    const { incident, created } = await createOnce(
      ctx,
      {
        short_description: input.shortDescription,
        description: input.description,
        urgency: input.urgency?.toString(),
        impact: input.impact?.toString(),
        caller_id: input.callerId ?? defaults.callerId,
        assignment_group: input.assignmentGroup ?? defaults.assignmentGroup,
        category: input.category ?? defaults.category,
        cmdb_ci: input.configurationItem,
      },
      meta.idempotencyKey,
    );
    return {
      status: 'succeeded',
      externalId: incident.number,
      message: created
        ? `Created ServiceNow incident ${incident.number}.`
        : `ServiceNow incident ${incident.number} already existed for this request; no second one was created.`,
      data: {
        sysId: incident.sys_id,
        number: incident.number,
        state: incident.state,
        url: incidentUrl(ctx.config.baseUrl, incident.sys_id),
      },
    };
  },
});
