import { useState, type ReactNode } from 'react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../../api/client.js';
import type { AttributeType } from '../../../api/attributes.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { fromDraft, toDraft } from './fieldDraft.js';
import { FieldInput } from './FieldInput.js';

export interface EditableFieldProps {
  fieldKey: string;
  label: string;
  type: AttributeType;
  values?: readonly string[] | null;
  value: unknown;
  display: ReactNode;
  editable: boolean;
  rawLabels?: boolean;
  /** Saves the new value (null clears); rejects with the server's error. */
  onSave: (value: unknown) => Promise<unknown>;
}

/** One attribute: its value, and for editable ones an inline editor that PATCHes with the version read. */
export function EditableField(props: EditableFieldProps) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fieldKey } = props;

  const start = () => {
    setDraft(toDraft(props.value, props.type));
    setError(null);
    setEditing(true);
  };
  const cancel = () => {
    setEditing(false);
    setError(null);
  };
  const save = async () => {
    const parsed = fromDraft(draft, props.type);
    if (!parsed.ok) return setError(new Error(parsed.reason));
    setPending(true);
    setError(null);
    try {
      await props.onSave(parsed.value);
      setEditing(false);
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };
  const conflict = isApiError(error) && error.code === 'version_conflict';

  return (
    <Stack gap={2} data-testid={`attr-${fieldKey}`} data-field={fieldKey}>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      {editing ? (
        <Stack gap={4}>
          <FieldInput
            type={props.type}
            values={props.values}
            draft={draft}
            onChange={setDraft}
            onSubmit={() => void save()}
            onCancel={cancel}
            rawLabels={props.rawLabels}
            testId={`attr-input-${fieldKey}`}
          />
          <Group gap={4}>
            <Button
              size="compact-xs"
              onClick={() => void save()}
              loading={pending}
              data-testid={`attr-save-${fieldKey}`}
            >
              Save
            </Button>
            <Button size="compact-xs" variant="default" onClick={cancel}>
              Cancel
            </Button>
          </Group>
          {error ? (
            <Stack gap={4}>
              <ErrorAlert error={error} testId={`attr-error-${fieldKey}`} />
              {conflict && (
                <Button
                  size="compact-xs"
                  variant="light"
                  onClick={() => {
                    cancel();
                    void queryClient.invalidateQueries({ queryKey: ['assets', 'one'] });
                  }}
                  data-testid="attr-reload"
                >
                  Reload the asset
                </Button>
              )}
            </Stack>
          ) : null}
        </Stack>
      ) : (
        <Group gap={6} wrap="nowrap" align="center">
          <Text
            size="sm"
            component="div"
            data-testid={`attr-value-${fieldKey}`}
            style={{ wordBreak: 'break-word' }}
          >
            {props.display}
          </Text>
          {props.editable && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={start}
              aria-label={`Edit ${props.label}`}
              data-testid={`attr-edit-${fieldKey}`}
            >
              Edit
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
