import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { ROLES, roleAtLeast, type Role } from '../../../api/types.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { useSession } from '../../auth/index.js';
import { useCreateMember } from './users.api.js';

const EMPTY = { email: '', name: '', role: 'viewer' as Role, password: '' };

export function AddUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const session = useSession();
  const create = useCreateMember();
  const [form, setForm] = useState(EMPTY);
  const grantable = ROLES.filter((r) => roleAtLeast(session.role, r));
  const set = (field: keyof typeof EMPTY) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  const close = () => {
    setForm(EMPTY);
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ ...form, email: form.email.trim(), name: form.name.trim() }, { onSuccess: close });
  };

  return (
    <Modal opened={opened} onClose={close} title="Add a user" centered>
      <form onSubmit={submit} data-testid="user-add-form">
        <Stack>
          {create.error && <ErrorAlert error={create.error} testId="user-add-error" />}
          <TextInput
            label="Email"
            type="email"
            autoComplete="off"
            required
            value={form.email}
            onChange={(e) => set('email')(e.currentTarget.value)}
            data-testid="user-email"
          />
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(e) => set('name')(e.currentTarget.value)}
            data-testid="user-name"
          />
          <Select
            label="Role"
            data={grantable}
            value={form.role}
            onChange={(v) => v && set('role')(v)}
            allowDeselect={false}
            data-testid="user-role"
          />
          <PasswordInput
            label="Initial password"
            description="At least 12 characters. Share it safely; they should change it when they first sign in."
            required
            minLength={12}
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => set('password')(e.currentTarget.value)}
            data-testid="user-password"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="user-add-submit">
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
