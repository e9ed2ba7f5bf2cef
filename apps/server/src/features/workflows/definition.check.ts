// Checks a definition before it is stored: its shape (zod), its graph, and every expression and template
// compiled, with each problem named by step and field (`body.steps[2].if`).
import { errors, isStewardError, type ErrorDetail } from '@steward/domain';
import { isExpression, tryCompile, tryCompileTemplate } from '../../platform/expressions/index.js';
import { formatPath } from '../../platform/http/index.js';
import { checkHttpActionDefinition } from '../connectors/index.js';
import { checkGraph } from './definition.graph.js';
import { triggerProblems } from './engine/trigger.check.js';
import {
  workflowDefinitionSchema,
  type Step,
  type StepType,
  type WorkflowDefinition,
} from './definition.schemas.js';

type Field = { expr: string[]; template: string[]; exprRecords: string[] };
const f = (expr: string[] = [], template: string[] = [], exprRecords: string[] = []): Field => ({
  expr,
  template,
  exprRecords,
});

/** Which fields of each step type hold JSONata, templates, or records of JSONata. */
const FIELDS: Record<StepType, Field> = {
  condition: f(['if']),
  set_variable: f(['value']),
  update_entity: f(['entity'], [], ['attributes']),
  transition: f(['entity']),
  connector_action: f(['entity'], ['instance'], ['input']),
  preset: f(['entity'], ['instance'], ['input']),
  http: f(['entity'], ['instance'], ['input']),
  agent_task: f(['device'], [], ['parameters']),
  notify_email: f(['to'], ['subject', 'body']),
  notify_slack: f([], ['instance', 'text']),
  approval: f([], ['title']),
  create_ticket: f([], ['instance', 'shortDescription', 'description']),
  wait: f(['until', 'condition']),
  for_each: f(['items']),
  parallel: f(),
  call_workflow: f([], [], ['input']),
};

function checkStep(step: Step, path: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const values = step as unknown as Record<string, unknown>;
  const expr = (source: unknown, at: string) => {
    if (typeof source !== 'string') return;
    const compiled = tryCompile(source, at);
    if (!isExpression(compiled)) problems.push(compiled);
  };
  const spec = FIELDS[step.type];
  for (const key of spec.expr) expr(values[key], `${path}.${key}`);
  for (const key of spec.exprRecords)
    for (const [k, v] of Object.entries((values[key] as Record<string, string> | undefined) ?? {}))
      expr(v, `${path}.${key}.${k}`);
  for (const key of spec.template) {
    const source = values[key];
    if (typeof source !== 'string') continue;
    const compiled = tryCompileTemplate(source, `${path}.${key}`);
    if (Array.isArray(compiled)) problems.push(...compiled);
  }
  if (step.type === 'approval')
    step.levels.forEach((level, i) => {
      if (level.assignee.type === 'person')
        expr(level.assignee.person, `${path}.levels[${i}].assignee.person`);
      if (level.assignee.type === 'manager') expr(level.assignee.of, `${path}.levels[${i}].assignee.of`);
    });
  if (step.type === 'wait' && [step.for, step.until, step.condition].filter(Boolean).length !== 1)
    problems.push({ path, reason: 'a wait needs exactly one of for, until and condition' });
  if (step.type === 'http') {
    try {
      checkHttpActionDefinition(step.definition, `${path}.definition`);
    } catch (e) {
      if (!isStewardError(e)) throw e;
      problems.push(...e.details);
    }
  }
  return problems;
}

/** Parses and checks a definition; `at` prefixes every path (`body` for an API body). */
export function checkDefinition(raw: unknown, at: string): WorkflowDefinition {
  const parsed = workflowDefinitionSchema.safeParse(raw);
  if (!parsed.success)
    throw errors.validation(
      'The workflow definition is not valid.',
      parsed.error.issues.map((i) => ({ path: formatPath(at, i.path), reason: i.message })),
    );
  const definition = parsed.data;
  const problems = checkGraph(definition, at);
  definition.steps.forEach((s, i) => problems.push(...checkStep(s, `${at}.steps[${i}]`)));
  const filter = 'filter' in definition.trigger ? definition.trigger.filter : undefined;
  if (filter) {
    const compiled = tryCompile(filter, `${at}.trigger.filter`);
    if (!isExpression(compiled)) problems.push(compiled);
  }
  problems.push(...triggerProblems(definition.trigger, `${at}.trigger`));
  if (problems.length > 0) throw errors.validation('The workflow definition is not valid.', problems);
  return definition;
}

/**
 * A definition read back from the database. It was checked in full when saved, so only its shape is
 * parsed here: a step job or a trigger scan must not recompile every expression each time it runs.
 */
export function storedDefinition(json: string): WorkflowDefinition {
  return workflowDefinitionSchema.parse(JSON.parse(json));
}
