import { describe, expect, it } from 'vitest';
import { checkDefinition } from './definition.check.js';
import { fillTemplate, WORKFLOW_TEMPLATES } from './templates.js';

describe('workflow templates', () => {
  it('ships the eight playbooks of the issue', () => {
    expect(WORKFLOW_TEMPLATES.map((t) => t.id)).toEqual([
      'assignment-sync',
      'purchasing-push',
      'compromised-device',
      'lost-or-stolen',
      'disposal',
      'legal-hold',
      'offboarding',
      'refresh',
    ]);
  });

  it.each(WORKFLOW_TEMPLATES.map((t) => [t.id, t] as const))(
    '%s is a valid definition once filled',
    (_id, t) => {
      const values = Object.fromEntries(t.parameters.map((p) => [p.name, `Demo ${p.name}`]));
      const { definition, missing } = fillTemplate(t, values);
      expect(missing).toEqual([]);
      expect(JSON.stringify(definition)).not.toMatch(/%\{/);
      expect(() => checkDefinition(definition, 'template')).not.toThrow();
    },
  );

  it('names each parameter left out, and uses a parameter’s default', () => {
    const legal = WORKFLOW_TEMPLATES.find((t) => t.id === 'legal-hold');
    if (!legal) throw new Error('no legal-hold template');
    const { definition, missing } = fillTemplate(legal, { jamf: 'Jamf EU' });
    expect(missing).toEqual(['slack']);
    expect(JSON.stringify(definition)).toContain('"definitionId":"\\"1\\""');
  });
});
