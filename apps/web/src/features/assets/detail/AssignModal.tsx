import { useEffect, useState, type FormEvent } from 'react';
import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import type { Asset, AssignResult, Person } from '../../../api/records.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { endOfDay } from '../../../ui/format.js';
import { LocationSelect } from '../../locations/index.js';
import { PersonPicker } from '../../people/index.js';
import { useAssign } from '../api/mutations.js';

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Assigns the asset to a person and/or location; a due date makes it a loaner. */
export function AssignModal({
  asset,
  opened,
  onClose,
  onAssigned,
}: {
  asset: Asset;
  opened: boolean;
  onClose: () => void;
  onAssigned: (result: AssignResult) => void;
}) {
  const assign = useAssign(asset.id);
  const [person, setPerson] = useState<Person | null>(null);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [due, setDue] = useState('');
  const [note, setNote] = useState('');
  useEffect(() => {
    if (!opened) return;
    setPerson(null);
    setLocationId(null);
    setDue('');
    setNote('');
  }, [opened]);

  const close = () => {
    assign.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!person && !locationId) return;
    assign.mutate(
      {
        ...(person ? { personId: person.id } : {}),
        ...(locationId ? { locationId } : {}),
        ...(due ? { dueAt: endOfDay(due) } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      {
        onSuccess: (result) => {
          close();
          onAssigned(result);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={`Assign ${asset.name ?? 'asset'}`} centered size="lg">
      <form onSubmit={submit} data-testid="assign-form">
        <Stack>
          {assign.error ? <ErrorAlert error={assign.error} testId="assign-error" /> : null}
          <PersonPicker
            value={person}
            onChange={setPerson}
            label="Person"
            description="Who will hold it. An asset in stock becomes deployed."
            testId="assign-person"
          />
          <LocationSelect value={locationId} onChange={setLocationId} testId="assign-location" />
          <TextInput
            label="Due back (loaner)"
            description="Optional; leave empty for a permanent assignment"
            type="date"
            min={today()}
            value={due}
            onChange={(e) => setDue(e.currentTarget.value)}
            data-testid="assign-due"
          />
          <Textarea
            label="Note"
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              disabled={!person && !locationId}
              loading={assign.isPending}
              data-testid="assign-submit"
            >
              Assign
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
