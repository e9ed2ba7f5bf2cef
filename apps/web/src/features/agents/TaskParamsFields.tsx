import { NumberInput, Stack, TextInput } from '@mantine/core';
import type { TaskType } from './agents.types.js';
import { TASK_PARAMS, type ParamValues } from './taskParams.js';

/** The inputs for a task type's parameters (none for inventory). */
export function TaskParamsFields(props: {
  type: TaskType;
  values: ParamValues;
  onChange: (values: ParamValues) => void;
}) {
  const fields = TASK_PARAMS[props.type];
  if (fields.length === 0) return null;
  const set = (key: string, v: string | number) => props.onChange({ ...props.values, [key]: v });
  return (
    <Stack gap="xs" data-testid="task-params">
      {fields.map((f) =>
        f.kind === 'number' ? (
          <NumberInput
            key={f.key}
            label={f.label}
            description={f.description}
            required={f.required}
            min={f.min}
            max={f.max}
            allowDecimal={false}
            value={props.values[f.key] ?? ''}
            onChange={(v) => set(f.key, v)}
            data-testid={`task-param-${f.key}`}
          />
        ) : (
          <TextInput
            key={f.key}
            label={f.label}
            description={f.description}
            required={f.required}
            value={String(props.values[f.key] ?? '')}
            onChange={(e) => set(f.key, e.currentTarget.value)}
            data-testid={`task-param-${f.key}`}
          />
        ),
      )}
    </Stack>
  );
}
