import { useEffect, useState, type FormEvent } from 'react';
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';

export interface ViewNameModalProps {
  opened: boolean;
  title: string;
  submitLabel: string;
  initialName: string;
  pending: boolean;
  error: unknown;
  onSubmit: (name: string) => void;
  onClose: () => void;
}

/** Asks for a view's name (saving a new view, or renaming one). */
export function ViewNameModal(props: ViewNameModalProps) {
  const [name, setName] = useState(props.initialName);
  useEffect(() => {
    if (props.opened) setName(props.initialName);
  }, [props.opened, props.initialName]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) props.onSubmit(name.trim());
  };
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} centered>
      <form onSubmit={submit} data-testid="view-name-form">
        <Stack>
          {props.error ? <ErrorAlert error={props.error} /> : null}
          <TextInput
            label="Name"
            description="Only you see your views."
            required
            maxLength={100}
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="view-name-input"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={props.pending}
              disabled={!name.trim()}
              data-testid="view-name-submit"
            >
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
