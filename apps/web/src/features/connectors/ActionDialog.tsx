import { useMemo, useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { isApiError } from '../../api/client.js';
import type { EntityAction, EntityActions } from './connectors.types.js';
import { FormErrorAlert } from './FormErrorAlert.js';
import { SchemaFields } from './SchemaFields.js';
import { buildValue, errorsByField, fieldsOf, initialValues } from './schemaForm.js';

export interface ActionDialogProps {
  /** The asset's or person's name, as the confirmation shows it. */
  entityName: string;
  source: EntityActions;
  action: EntityAction;
  pending: boolean;
  /** The server's refusal of the last try, shown at the input it names. */
  error: unknown;
  onSubmit: (input: Record<string, unknown>) => void;
  onCancel: () => void;
}

/**
 * The input of one action (its schema minus the target field, which the server fills from the record), and
 * for a destructive action an explicit confirmation naming the asset or person and the action.
 */
export function ActionDialog({
  entityName,
  source,
  action,
  pending,
  error,
  onSubmit,
  onCancel,
}: ActionDialogProps) {
  const fields = useMemo(() => fieldsOf(action.inputSchema, [action.targetField]), [action]);
  const [values, setValues] = useState(() => initialValues(fields));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [confirmed, setConfirmed] = useState(false);
  const shown = useMemo(() => new Set(fields.map((f) => `input.${f.path}`)), [fields]);
  const placed = errorsByField(isApiError(error) ? error.details : [], shown);
  const errors = Object.fromEntries(
    fields.map((f) => [f.path, localErrors[f.path] ?? placed.byField[`input.${f.path}`]]),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const built = buildValue(fields, values);
    setLocalErrors(built.errors);
    if (Object.keys(built.errors).length === 0 && (!action.destructive || confirmed)) onSubmit(built.value);
  };

  return (
    <Modal
      opened
      onClose={onCancel}
      title={action.destructive ? `Confirm: ${action.title}` : action.title}
      centered
      size="lg"
    >
      <form onSubmit={submit} noValidate data-testid="action-dialog" data-action={action.name}>
        <Stack>
          <Text size="sm">
            {action.title} on <b>{entityName}</b> through {source.instanceName} ({source.connectorTitle}{' '}
            record {source.recordKey}).
          </Text>
          {action.description && (
            <Text size="sm" c="dimmed">
              {action.description}
            </Text>
          )}
          {fields.length > 0 && (
            <SchemaFields
              fields={fields}
              values={values}
              errors={errors}
              onChange={(path, v) => setValues((old) => ({ ...old, [path]: v }))}
              testIdPrefix="input"
              cols={1}
            />
          )}
          {action.destructive && (
            <Alert
              color="red"
              variant="light"
              title="This cannot be undone"
              data-testid="action-destructive-warning"
            >
              <Stack gap="xs">
                <Text size="sm">
                  {action.title} on {entityName} loses data or access{action.reversible ? '' : ' for good'}.
                </Text>
                <Checkbox
                  label={`Yes, ${action.title.toLowerCase()} ${entityName}`}
                  checked={confirmed}
                  onChange={(e) => setConfirmed(e.currentTarget.checked)}
                  data-testid="action-confirm-check"
                />
              </Stack>
            </Alert>
          )}
          <FormErrorAlert error={error} rest={placed.rest} testId="action-dialog-error" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button
              type="submit"
              color={action.destructive ? 'red' : undefined}
              disabled={action.destructive && !confirmed}
              loading={pending}
              data-testid="action-submit"
            >
              {action.title}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
