import { useState, type FormEvent } from 'react';
import { Button, Group, NumberInput, Paper, Stack, TextInput, Title } from '@mantine/core';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useCreateSecret } from './agents.api.js';
import type { CreatedEnrollmentSecret } from './agents.types.js';

/** Creates an enrolment secret: a name, and optionally how many days it may be used. */
export function CreateSecretForm({ onCreated }: { onCreated: (created: CreatedEnrollmentSecret) => void }) {
  const create = useCreateSecret();
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | ''>('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), ...(days === '' ? {} : { expiresInDays: days }) },
      {
        onSuccess: (created) => {
          setName('');
          setDays('');
          onCreated(created);
        },
      },
    );
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} data-testid="secret-create-form">
        <Stack gap="sm">
          <Title order={5}>Create an enrolment secret</Title>
          <ErrorAlert error={create.error} testId="secret-create-error" />
          <Group align="flex-end" grow>
            <TextInput
              label="Name"
              description="Which devices use it, e.g. “Laptops, London”"
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-testid="secret-name"
            />
            <NumberInput
              label="Expires after (days)"
              description="Optional; blank means never"
              min={1}
              max={3650}
              allowDecimal={false}
              value={days}
              onChange={(v) => setDays(typeof v === 'number' ? v : '')}
              data-testid="secret-expires"
            />
          </Group>
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!name.trim()}
              data-testid="secret-create"
            >
              Create secret
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
