// The simple fields of each step type, shown as inputs in the step panel; everything else (input
// records, approval levels, an HTTP definition, retry) is edited in the step's JSON.
import { LIFECYCLE_STATES } from '../../api/lifecycle.js';
import type { StepType } from './workflows.types.js';

export interface FieldSpec {
  key: string;
  label: string;
  kind: 'expr' | 'template' | 'text' | 'number' | 'select' | 'boolean';
  required?: boolean;
  options?: readonly string[];
  description?: string;
}

const expr = (key: string, label: string, required = true, description?: string): FieldSpec => ({
  key,
  label,
  kind: 'expr',
  required,
  description,
});
const template = (key: string, label: string, required = true, description?: string): FieldSpec => ({
  key,
  label,
  kind: 'template',
  required,
  description,
});
const text = (key: string, label: string, required = true, description?: string): FieldSpec => ({
  key,
  label,
  kind: 'text',
  required,
  description,
});
const ENTITY = expr('entity', 'Entity', false, 'JSONata giving the entity id; default: the run’s subject');
const INSTANCE = template('instance', 'Connector instance', true, 'Its name or id');
const DURATION = 'An ISO-8601 duration: P30D, PT4H, P1DT12H';

export const STEP_FIELDS: Record<StepType, FieldSpec[]> = {
  condition: [expr('if', 'If', true, 'JSONata; true goes to then, anything else to else')],
  set_variable: [text('variable', 'Variable'), expr('value', 'Value')],
  update_entity: [ENTITY],
  transition: [
    ENTITY,
    { key: 'to', label: 'To state', kind: 'select', required: true, options: LIFECYCLE_STATES },
  ],
  connector_action: [INSTANCE, text('action', 'Action'), ENTITY],
  preset: [text('preset', 'Preset id'), INSTANCE, ENTITY],
  http: [INSTANCE, ENTITY],
  agent_task: [expr('device', 'Device'), text('task', 'Task'), text('timeout', 'Timeout', false, DURATION)],
  notify_email: [expr('to', 'To'), template('subject', 'Subject'), template('body', 'Body')],
  notify_slack: [INSTANCE, template('text', 'Text')],
  approval: [
    template('title', 'Title'),
    {
      key: 'onTimeout',
      label: 'On timeout',
      kind: 'select',
      required: true,
      options: ['reject', 'escalate'],
    },
  ],
  create_ticket: [
    INSTANCE,
    template('shortDescription', 'Short description'),
    template('description', 'Description', false),
    { key: 'urgency', label: 'Urgency (1 high – 3 low)', kind: 'number' },
  ],
  wait: [
    text('for', 'For', false, `${DURATION}. Give one of for, until and condition`),
    expr('until', 'Until', false, 'JSONata giving a date-time'),
    expr('condition', 'Until this holds', false, 'JSONata, checked every checkEvery'),
    text('checkEvery', 'Check every', false, DURATION),
    text('timeout', 'Timeout', false, DURATION),
  ],
  for_each: [
    expr('items', 'Items', true, 'JSONata giving the list, e.g. subject.assets'),
    text('as', 'Each item as'),
    { key: 'concurrency', label: 'At once', kind: 'number' },
  ],
  parallel: [],
  call_workflow: [
    text('workflow', 'Workflow id'),
    { key: 'wait', label: 'Wait for it to finish', kind: 'boolean' },
  ],
};
