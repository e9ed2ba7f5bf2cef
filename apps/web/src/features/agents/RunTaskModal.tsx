import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useCreateTaskRequest } from './agents.api.js';
import { TASK_TYPES, type CreatedTaskRequest, type TaskTarget, type TaskType } from './agents.types.js';
import { buildParams, initialParams, missingParam, TASK_LABELS, type ParamValues } from './taskParams.js';
import { TaskParamsFields } from './TaskParamsFields.js';
import { TaskRequestProgress } from './TaskRequestProgress.js';
import { TaskTargetField, type TargetChoice } from './TaskTargetField.js';

function targetOf(choice: TargetChoice): TaskTarget | null {
  if (choice.kind === 'all') return { all: true };
  return choice.viewId ? { viewId: choice.viewId } : null;
}

function RunTaskForm({ onCreated }: { onCreated: (created: CreatedTaskRequest) => void }) {
  const create = useCreateTaskRequest();
  const [type, setType] = useState<TaskType>('inventory');
  const [values, setValues] = useState<ParamValues>(() => initialParams('inventory'));
  const [target, setTarget] = useState<TargetChoice>({ kind: 'all' });
  const body = targetOf(target);
  const missing = missingParam(type, values);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body || missing) return;
    create.mutate({ type, parameters: buildParams(type, values), target: body }, { onSuccess: onCreated });
  };

  return (
    <form onSubmit={submit} data-testid="run-task-form">
      <Stack gap="sm">
        <Select
          label="Task"
          data={TASK_TYPES.map((t) => ({ value: t, label: TASK_LABELS[t] }))}
          value={type}
          allowDeselect={false}
          onChange={(v) => {
            if (!v) return;
            const next = v as TaskType;
            setType(next);
            setValues(initialParams(next));
          }}
          data-testid="task-type"
        />
        <TaskParamsFields type={type} values={values} onChange={setValues} />
        <TaskTargetField value={target} onChange={setTarget} />
        <Text size="xs" c="dimmed">
          A device that is offline gets its task when it next connects, within a day; after that the task
          expires.
        </Text>
        <ErrorAlert error={create.error} testId="run-task-error" />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={create.isPending}
            disabled={!body || missing !== null}
            data-testid="run-task-submit"
          >
            Run
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Runs a task on many devices, then follows its results as they come back. */
export function RunTaskModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<CreatedTaskRequest | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={
        created
          ? `${TASK_LABELS[created.type as TaskType] ?? created.type}: results`
          : 'Run a task on devices'
      }
      size="xl"
      centered
    >
      {created ? (
        <Stack>
          <TaskRequestProgress created={created} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setCreated(null)} data-testid="run-task-another">
              Run another
            </Button>
            <Button onClick={close} data-testid="run-task-close">
              Close
            </Button>
          </Group>
        </Stack>
      ) : (
        <RunTaskForm onCreated={setCreated} />
      )}
    </Modal>
  );
}
