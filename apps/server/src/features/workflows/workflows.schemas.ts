import { z } from 'zod';
import { workflowDefinitionSchema } from './definition.schemas.js';

export const workflowSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    version: z.number().describe('The current version; runs keep the version they started with'),
    triggerType: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WorkflowSummary' });
export type WorkflowSummary = z.infer<typeof workflowSummarySchema>;

export const workflowSchema = workflowSummarySchema
  .extend({ definition: workflowDefinitionSchema })
  .meta({ id: 'Workflow' });
export type WorkflowView = z.infer<typeof workflowSchema>;

export const workflowVersionSchema = z
  .object({
    version: z.number(),
    createdAt: z.string(),
    createdBy: z.unknown(),
    definition: workflowDefinitionSchema,
  })
  .meta({ id: 'WorkflowVersion' });
export type WorkflowVersionView = z.infer<typeof workflowVersionSchema>;
