// The editor keeps its own copy of the step types, their successor fields and sensible new steps
// (importing the server's schemas would bundle zod). This test holds the copy to the server's truth:
// the same types and statuses, the same successors on every shipped template, and every palette step
// accepted.
import { describe, expect, it } from 'vitest';
import { APPROVAL_STATUSES as SERVER_APPROVAL_STATUSES } from '../../../../server/src/features/workflows/approvals.schemas.js';
import { checkDefinition } from '../../../../server/src/features/workflows/definition.check.js';
import { successors as serverSuccessors } from '../../../../server/src/features/workflows/definition.graph.js';
import { stepSchema } from '../../../../server/src/features/workflows/definition.schemas.js';
import { stepRunSchema, workflowRunSchema } from '../../../../server/src/features/workflows/runs.schemas.js';
import { WORKFLOW_TEMPLATES, fillTemplate } from '../../../../server/src/features/workflows/templates.js';
import { APPROVAL_STATUSES } from './approvals.api.js';
import { blankDefinition, stepOf } from './definitionEdit.js';
import { successors } from './graph.js';
import {
  RUN_STATUSES,
  STEP_RUN_STATUSES,
  STEP_TYPES,
  type StepDraft,
  type WorkflowDefinition,
} from './workflows.types.js';

describe('the web copy of the workflow definition', () => {
  it('has the server’s step types, in its order', () => {
    expect([...STEP_TYPES]).toEqual(stepSchema.options.map((o) => o.shape.type.value));
  });

  it('has the server’s run, step and approval statuses', () => {
    expect([...RUN_STATUSES]).toEqual(workflowRunSchema.shape.status.options);
    expect([...STEP_RUN_STATUSES]).toEqual(stepRunSchema.shape.status.options);
    expect([...APPROVAL_STATUSES]).toEqual([...SERVER_APPROVAL_STATUSES]);
  });

  it('finds the same successors as the server on every shipped template', () => {
    for (const template of WORKFLOW_TEMPLATES) {
      const filled = checkDefinition(
        fillTemplate(template, { jamf: 'j', slack: 's', servicenow: 'n', okta: 'o', google: 'g' }).definition,
        'body',
      );
      for (const step of filled.steps)
        expect(successors(step as unknown as StepDraft), `${template.id}/${step.id}`).toEqual(
          serverSuccessors(step),
        );
    }
  });

  it('makes palette steps the server accepts once their blanks are named, and a blank that saves', () => {
    expect(() => checkDefinition(blankDefinition('Blank'), 'body')).not.toThrow();
    for (const type of STEP_TYPES) {
      const step = stepOf(type, 'step');
      for (const key of ['instance', 'action', 'preset', 'workflow']) if (step[key] === '') step[key] = 'x';
      const definition: WorkflowDefinition = {
        name: 'Palette',
        trigger: { type: 'manual' },
        start: 'step',
        steps: [step],
      };
      if (type === 'for_each') {
        step.body = 'inner';
        definition.steps.push({ id: 'inner', type: 'set_variable', variable: 'v', value: '1', next: null });
      }
      if (type === 'parallel') {
        step.branches = ['b1', 'b2'];
        for (const id of ['b1', 'b2'])
          definition.steps.push({ id, type: 'set_variable', variable: 'v', value: '1', next: null });
      }
      expect(() => checkDefinition(definition, 'body'), type).not.toThrow();
    }
  });
});
