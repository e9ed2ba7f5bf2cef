import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { humanize } from '../../api/lifecycle.js';
import { PERSON_STATUSES, type Person, type PersonStatus } from '../../api/records.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { LocationSelect } from '../locations/index.js';
import { useCreatePerson, type CreatePersonInput } from './people.api.js';

const EMPTY = { name: '', email: '', employeeId: '', department: '', title: '', startDate: '' };
type TextField = keyof typeof EMPTY;

export function AddPersonModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (p: Person) => void;
}) {
  const create = useCreatePerson();
  const [form, setForm] = useState(EMPTY);
  const [status, setStatus] = useState<PersonStatus>('active');
  const [locationId, setLocationId] = useState<string | null>(null);
  const set = (field: TextField) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [field]: value }));
  };
  const close = () => {
    setForm(EMPTY);
    setStatus('active');
    setLocationId(null);
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input: CreatePersonInput = { name: form.name.trim(), status };
    for (const k of ['email', 'employeeId', 'department', 'title', 'startDate'] as const) {
      const v = form[k].trim();
      if (v) input[k] = v;
    }
    if (locationId) input.locationId = locationId;
    create.mutate(input, {
      onSuccess: (p) => {
        close();
        onCreated(p);
      },
    });
  };

  return (
    <Modal opened={opened} onClose={close} title="Add a person" centered size="lg">
      <form onSubmit={submit} data-testid="person-add-form">
        <Stack>
          {create.error && <ErrorAlert error={create.error} testId="person-add-error" />}
          <TextInput
            label="Name"
            required
            maxLength={300}
            value={form.name}
            onChange={set('name')}
            data-testid="person-name-input"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Email"
              type="email"
              value={form.email}
              onChange={set('email')}
              data-testid="person-email-input"
            />
            <TextInput label="Employee ID" value={form.employeeId} onChange={set('employeeId')} />
            <TextInput
              label="Department"
              value={form.department}
              onChange={set('department')}
              data-testid="person-department-input"
            />
            <TextInput label="Title" value={form.title} onChange={set('title')} />
            <Select
              label="Status"
              data={PERSON_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
              value={status}
              onChange={(v) => v && setStatus(v as PersonStatus)}
              allowDeselect={false}
            />
            <TextInput label="Start date" type="date" value={form.startDate} onChange={set('startDate')} />
          </SimpleGrid>
          <LocationSelect value={locationId} onChange={setLocationId} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!form.name.trim()}
              data-testid="person-add-submit"
            >
              Add person
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
