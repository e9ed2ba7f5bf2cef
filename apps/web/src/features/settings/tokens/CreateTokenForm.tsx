import { useState, type FormEvent } from 'react';
import { Button, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { ROLES, roleAtLeast, type CreatedToken, type Role } from '../../../api/types.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { useSession } from '../../auth/index.js';
import { useCreateToken } from './tokens.api.js';

/** A yyyy-mm-dd date picked by a person means "until the end of that day", in their time zone. */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59.999`).toISOString();
}

function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function CreateTokenForm({ onCreated }: { onCreated: (created: CreatedToken) => void }) {
  const session = useSession();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [expires, setExpires] = useState('');
  const grantable = ROLES.filter((r) => roleAtLeast(session.role, r));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = { name: name.trim(), role, ...(expires ? { expiresAt: endOfDay(expires) } : {}) };
    create.mutate(input, {
      onSuccess: (created) => {
        setName('');
        setExpires('');
        onCreated(created);
      },
    });
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} data-testid="token-create-form">
        <Stack gap="sm">
          <Title order={4}>Create an API token</Title>
          {create.error && <ErrorAlert error={create.error} testId="token-create-error" />}
          <Group align="flex-end" grow>
            <TextInput
              label="Name"
              description="What uses it, e.g. “Reseller order feed”"
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-testid="token-name"
            />
            <Select
              label="Role"
              description="What it may do"
              data={grantable}
              value={role}
              onChange={(v) => v && setRole(v as Role)}
              allowDeselect={false}
              data-testid="token-role"
            />
            <TextInput
              label="Expires"
              description="Optional; blank means never"
              type="date"
              min={tomorrow()}
              value={expires}
              onChange={(e) => setExpires(e.currentTarget.value)}
              data-testid="token-expires"
            />
          </Group>
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!name.trim()}
              data-testid="token-create-submit"
            >
              Create token
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
