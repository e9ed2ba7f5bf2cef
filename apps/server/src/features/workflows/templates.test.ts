import { describe, expect, it } from 'vitest';
import { checkDefinition } from './definition.check.js';
import { evaluateAll } from './engine/act.js';
import { fires, type Change } from './engine/trigger.match.js';
import type { Trigger } from './definition.schemas.js';
import { fillTemplate, WORKFLOW_TEMPLATES, type WorkflowTemplate } from './templates.js';

function template(id: string): WorkflowTemplate {
  const found = WORKFLOW_TEMPLATES.find((t) => t.id === id);
  if (!found) throw new Error(`no ${id} template`);
  return found;
}

const change = (field: string, before: unknown, after: unknown): Change => ({ [field]: { before, after } });

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

// A filter compiles when saved but is evaluated only against a change; these catch one that cannot match.
describe('workflow template triggers', () => {
  it.each<[string, string, Record<string, unknown>, Change, boolean]>([
    [
      'assignment-sync',
      'asset.assigned',
      { assignedPersonId: 'p1' },
      change('assignedPersonId', null, 'p1'),
      true,
    ],
    [
      'assignment-sync',
      'asset.unassigned',
      { assignedPersonId: null },
      change('assignedPersonId', 'p1', null),
      false,
    ],
    [
      'purchasing-push',
      'asset.updated',
      { poNumber: 'PO-1', mdmName: 'Jamf Pro' },
      change('mdmName', null, 'Jamf Pro'),
      true,
    ],
    [
      'purchasing-push',
      'asset.updated',
      { poNumber: null, mdmName: 'Jamf Pro' },
      change('mdmName', null, 'Jamf Pro'),
      false,
    ],
    [
      'compromised-device',
      'asset.updated',
      { edrHealthy: false, mdmEnrolled: true },
      change('edrHealthy', true, false),
      true,
    ],
    [
      'compromised-device',
      'asset.updated',
      { edrHealthy: false, mdmEnrolled: null },
      change('edrHealthy', true, false),
      false,
    ],
    [
      'lost-or-stolen',
      'asset.lifecycle_changed',
      { lifecycleState: 'stolen' },
      change('lifecycleState', 'deployed', 'stolen'),
      true,
    ],
    [
      'lost-or-stolen',
      'asset.lifecycle_changed',
      { lifecycleState: 'stolen' },
      change('lifecycleState', 'lost', 'stolen'),
      false,
    ],
    [
      'disposal',
      'asset.lifecycle_changed',
      { lifecycleState: 'disposed' },
      change('lifecycleState', 'retired', 'disposed'),
      true,
    ],
    ['legal-hold', 'person.legal_hold_set', { legalHold: true }, change('legalHold', false, true), true],
    [
      'offboarding',
      'person.updated',
      { status: 'terminated' },
      change('status', 'active', 'terminated'),
      true,
    ],
    ['offboarding', 'person.updated', { status: 'terminated', name: 'B' }, change('name', 'A', 'B'), false],
  ])('%s on %s of %j (%j) fires: %s', async (id, action, current, diff, expected) => {
    const trigger = template(id).definition.trigger as Trigger;
    expect(await fires(trigger, { action, current, diff })).toBe(expected);
  });

  it('leaves out of a Jamf update what Steward does not know, rather than send a null Jamf refuses', async () => {
    const inputOf = async (id: string, subject: Record<string, unknown>) => {
      const steps = template(id).definition.steps as Array<{ input?: Record<string, string> }>;
      return evaluateAll(steps[0]?.input ?? {}, { subject }, 'input');
    };
    const bare = {
      poNumber: 'PO-1',
      vendor: null,
      purchasePrice: null,
      purchaseDate: null,
      warrantyEnd: null,
    };
    expect(await inputOf('purchasing-push', bare)).toEqual({ purchased: true, poNumber: 'PO-1' });
    expect(await inputOf('purchasing-push', { ...bare, purchasePrice: 0 })).toMatchObject({
      purchasePrice: 0,
    });
    expect(
      await inputOf('assignment-sync', { assignee: { email: 'ada.l@example.com', name: 'Ada L' } }),
    ).toEqual({ username: 'ada.l', realname: 'Ada L', email: 'ada.l@example.com' });
    expect(await inputOf('assignment-sync', { assignee: { email: null, name: 'No Mail' } })).toEqual({
      realname: 'No Mail',
    });
  });
});
