import { useState, type FormEvent } from 'react';
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import type { Person } from '../../../api/records.js';
import { endOfDay } from '../../../ui/format.js';
import { PersonPicker } from '../../people/index.js';
import { assignAsset } from '../api/actions.js';
import type { StartBulk } from './bulkTypes.js';

export function AssignBulkForm({ count, onStart }: { count: number; onStart: StartBulk }) {
  const [person, setPerson] = useState<Person | null>(null);
  const [due, setDue] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!person) return;
    const input = { personId: person.id, ...(due ? { dueAt: endOfDay(due) } : {}) };
    onStart(`Assign to ${person.name}`, (id) => assignAsset(id, input));
  };

  return (
    <form onSubmit={submit} data-testid="bulk-assign-form">
      <Stack>
        <Text size="sm">
          Assign {count} {count === 1 ? 'asset' : 'assets'} to one person. Each assignment ends the previous
          one; assets in stock become deployed.
        </Text>
        <PersonPicker value={person} onChange={setPerson} required testId="bulk-person" />
        <TextInput
          label="Due back (loaner)"
          description="Optional; leave empty for a permanent assignment"
          type="date"
          value={due}
          onChange={(e) => setDue(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button type="submit" disabled={!person} data-testid="bulk-submit">
            Assign {count} {count === 1 ? 'asset' : 'assets'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
