import { describe, expect, it } from 'vitest';
import {
  addStep,
  connect,
  disconnect,
  newStepId,
  presetStep,
  removeStep,
  replaceStep,
  setField,
  stepOf,
} from './definitionEdit.js';
import type { WorkflowDefinition } from './workflows.types.js';

const base: WorkflowDefinition = {
  name: 'Disposal',
  trigger: { type: 'entity_changed', kind: 'asset' },
  start: 'hold',
  steps: [
    { id: 'hold', type: 'condition', if: 'subject.legalHold = true', then: null, else: 'delete' },
    { id: 'delete', type: 'connector_action', instance: 'Jamf', action: 'deleteComputer', next: 'tell' },
    { id: 'tell', type: 'notify_slack', instance: 'Slack', text: 'deleted', next: null },
  ],
};
const frozen = JSON.stringify(base);

describe('editing a definition', () => {
  it('gives a new step the first free id of its stem', () => {
    expect(newStepId(base, 'wait')).toBe('wait');
    expect(newStepId(base, 'hold')).toBe('hold_2');
    expect(newStepId(base, '1 lock device!')).toBe('lock_device_');
  });

  it('adds a step after the selected one, in between it and what followed', () => {
    const out = addStep(base, stepOf('wait', 'wait'), 'delete');
    expect(out.steps.find((s) => s.id === 'delete')!.next).toBe('wait');
    expect(out.steps.find((s) => s.id === 'wait')).toMatchObject({ type: 'wait', for: 'P1D', next: 'tell' });
    // After a condition (no next) or nothing selected: added unconnected.
    const loose = addStep(base, stepOf('wait', 'wait'), 'hold');
    expect(loose.steps.find((s) => s.id === 'hold')).toEqual(base.steps[0]);
    expect(loose.steps.at(-1)).toMatchObject({ id: 'wait', next: null });
    expect(JSON.stringify(base)).toBe(frozen);
  });

  it('renames a step everywhere it is named, start included', () => {
    const out = replaceStep(base, 'hold', { ...base.steps[0]!, id: 'onHold' });
    expect(out.start).toBe('onHold');
    const renamed = replaceStep(base, 'delete', { ...base.steps[1]!, id: 'remove' });
    expect(renamed.steps[0]).toMatchObject({ else: 'remove' });
    expect(renamed.steps.map((s) => s.id)).toEqual(['hold', 'remove', 'tell']);
    expect(setField(base, 'tell', 'text', 'gone').steps[2]).toMatchObject({ text: 'gone' });
    expect(setField(base, 'tell', 'next', undefined).steps[2]).not.toHaveProperty('next');
  });

  it('removes a step, joining what led to it with what followed it', () => {
    const out = removeStep(base, 'delete');
    expect(out.steps.map((s) => s.id)).toEqual(['hold', 'tell']);
    expect(out.steps[0]).toMatchObject({ else: 'tell' });
    const first = removeStep(base, 'hold');
    expect(first.start).toBe('delete');
    const last = removeStep(base, 'tell');
    expect(last.steps[1]).toMatchObject({ next: null });
  });

  it('connects a handle to a step: next and the like are set, a branch is added', () => {
    expect(connect(base, 'hold', 'then', 'tell')!.steps[0]).toMatchObject({ then: 'tell', else: 'delete' });
    expect(connect(base, 'hold', 'next', 'tell')).toBeNull();
    expect(connect(base, 'hold', 'then', 'hold')).toBeNull();
    expect(connect(base, 'hold', 'then', 'nowhere')).toBeNull();
    const par = addStep(base, { ...stepOf('parallel', 'both') }, null);
    const one = connect(par, 'both', 'branches', 'delete')!;
    const two = connect(one, 'both', 'branches', 'tell')!;
    expect(two.steps.at(-1)).toMatchObject({ branches: ['delete', 'tell'] });
    expect(connect(two, 'both', 'branches', 'tell')).toBeNull();
    expect(disconnect(two, 'both', 'branches[0]').steps.at(-1)).toMatchObject({ branches: ['tell'] });
    expect(disconnect(base, 'hold', 'else').steps[0]).toMatchObject({ else: null });
    const loop = addStep(base, stepOf('for_each', 'each'), null);
    const withBody = connect(loop, 'each', 'body', 'tell')!;
    expect(disconnect(withBody, 'each', 'body').steps.at(-1)).toMatchObject({ body: '' });
  });

  it('makes a preset from the catalog a preset step listing its required inputs', () => {
    const step = presetStep(
      {
        id: 'builtin.jamf-pro.remote-lock',
        name: 'Jamf Pro: remote device lock',
        description: '',
        connectorId: 'jamf-pro',
        connectorTitle: 'Jamf Pro',
        targetKind: 'asset',
        destructive: false,
        definition: {
          inputs: [
            { name: 'pin', type: 'string', required: true },
            { name: 'message', type: 'string', required: false },
          ],
        },
      },
      'lock',
      'Jamf e2e',
    );
    expect(step).toEqual({
      id: 'lock',
      type: 'preset',
      name: 'Jamf Pro: remote device lock',
      preset: 'builtin.jamf-pro.remote-lock',
      instance: 'Jamf e2e',
      input: { pin: '""' },
      entity: 'subject.id',
      next: null,
    });
  });
});
