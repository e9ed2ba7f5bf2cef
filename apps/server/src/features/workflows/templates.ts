// The lifecycle playbooks Steward ships, as workflow definitions with a few parameters (which instance is
// "the" Jamf, the security channel…) filled in when an admin creates a workflow from one. Trigger filters
// see `before`, `after` and `diff`; steps see `subject`, `trigger` (with the change's `diff`), `input`,
// `vars` and `steps`.

import { DEVICE_TEMPLATES } from './templates.devices.js';
import { PEOPLE_TEMPLATES } from './templates.people.js';
import type { WorkflowTemplate } from './templates.params.js';

export type { TemplateParameter, WorkflowTemplate } from './templates.params.js';

export const WORKFLOW_TEMPLATES: readonly WorkflowTemplate[] = [...DEVICE_TEMPLATES, ...PEOPLE_TEMPLATES];

const PARAM = /%\{([a-zA-Z][a-zA-Z0-9_]*)\}/g;

/** The template's definition with every `%{parameter}` replaced; a missing value is named. */
export function fillTemplate(
  template: WorkflowTemplate,
  values: Readonly<Record<string, string>>,
): { definition: unknown; missing: string[] } {
  const missing = new Set<string>();
  const known = new Map(template.parameters.map((p) => [p.name, values[p.name] ?? p.default]));
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string')
      return v.replace(PARAM, (whole, name: string) => {
        const value = known.get(name);
        if (value === undefined) {
          missing.add(name);
          return whole;
        }
        return value;
      });
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { definition: walk(template.definition), missing: [...missing] };
}
