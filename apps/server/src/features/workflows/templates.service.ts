import { z } from 'zod';
import { errors } from '@steward/domain';
import { authorize, type RequestContext } from '../../platform/auth/index.js';
import { fillTemplate, WORKFLOW_TEMPLATES } from './templates.js';
import { createWorkflow } from './workflows.service.js';
import type { WebhookDeps } from './webhooks.service.js';
import type { WorkflowView } from './workflows.schemas.js';

export const templateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    parameters: z.array(
      z.object({
        name: z.string(),
        label: z.string(),
        connectorId: z.string().nullable(),
        default: z.string().nullable(),
      }),
    ),
    definition: z.record(z.string(), z.unknown()).describe('With %{parameter} placeholders'),
  })
  .meta({ id: 'WorkflowTemplate' });
export type TemplateView = z.infer<typeof templateSchema>;

export function listTemplates(ctx: RequestContext): TemplateView[] {
  authorize(ctx.principal, 'viewer');
  return WORKFLOW_TEMPLATES.map((t) => ({
    ...t,
    parameters: t.parameters.map((p) => ({
      name: p.name,
      label: p.label,
      connectorId: p.connectorId ?? null,
      default: p.default ?? null,
    })),
  }));
}

export async function createFromTemplate(
  deps: WebhookDeps,
  ctx: RequestContext,
  templateId: string,
  input: { name?: string; parameters: Record<string, string> },
): Promise<WorkflowView> {
  authorize(ctx.principal, 'admin');
  const template = WORKFLOW_TEMPLATES.find((t) => t.id === templateId);
  if (!template) throw errors.notFound(`Workflow template ${templateId}`);
  const { definition, missing } = fillTemplate(template, input.parameters);
  if (missing.length > 0)
    throw errors.validation(
      `"${template.name}" needs ${missing.join(', ')}.`,
      missing.map((name) => ({
        path: `body.parameters.${name}`,
        reason: `required (${template.parameters.find((p) => p.name === name)?.label ?? name})`,
      })),
    );
  const named = input.name ? { ...(definition as object), name: input.name } : definition;
  return createWorkflow(deps, ctx, named);
}
