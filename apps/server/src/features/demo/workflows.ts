import type { RequestContext } from '../../platform/auth/index.js';
import type { ConnectorDeps } from '../connectors/index.js';
import { createFromTemplate, setWorkflowEnabled, WORKFLOW_TEMPLATES } from '../workflows/index.js';

/** Playbooks the demo tenant runs, wired to its demo instances, so the workflows pages are not empty. */
export const DEMO_WORKFLOWS: ReadonlyArray<{ template: string; parameters: Record<string, string> }> = [
  {
    template: 'compromised-device',
    parameters: { jamf: 'Demo Jamf Pro', slack: 'Demo Slack', servicenow: 'Demo ServiceNow' },
  },
  { template: 'lost-or-stolen', parameters: { jamf: 'Demo Jamf Pro', mail: 'Demo Email (SMTP)' } },
  { template: 'disposal', parameters: { jamf: 'Demo Jamf Pro' } },
];

/** Creates and enables the demo playbooks the tenant does not have yet (by name); returns their ids. */
export async function ensureDemoWorkflows(deps: ConnectorDeps, ctx: RequestContext): Promise<string[]> {
  const ids: string[] = [];
  for (const demo of DEMO_WORKFLOWS) {
    const name = WORKFLOW_TEMPLATES.find((t) => t.id === demo.template)?.name ?? demo.template;
    const existing = await deps.db
      .selectFrom('workflows')
      .select('id')
      .where('tenant_id', '=', ctx.principal.tenantId)
      .where('name_key', '=', name.toLowerCase())
      .executeTakeFirst();
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    const created = await createFromTemplate(deps, ctx, demo.template, { parameters: demo.parameters });
    await setWorkflowEnabled(deps, ctx, created.id, true);
    ids.push(created.id);
  }
  return ids;
}
