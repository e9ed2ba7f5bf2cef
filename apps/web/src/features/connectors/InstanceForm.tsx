import { useMemo, type FormEvent } from 'react';
import { Button, Group, Paper, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import type { CatalogEntry, Instance } from './connectors.types.js';
import { FormErrorAlert } from './FormErrorAlert.js';
import { SchemaFields } from './SchemaFields.js';
import { SecretInputs } from './SecretInputs.js';
import { timeZones } from './timeZones.js';
import { useInstanceForm, type InstanceDraft } from './useInstanceForm.js';

export interface InstanceFormProps {
  entry: CatalogEntry;
  /** Editing this instance; absent: creating one. */
  instance?: Instance;
  onSubmit: (draft: InstanceDraft) => void;
  onCancel: () => void;
  pending: boolean;
  /** The server's refusal of the last submit, placed at the fields it names. */
  error: unknown;
}

const prefixed = (prefix: string, errorAt: (key: string) => string | undefined, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, errorAt(`${prefix}.${k}`)]));

/** Configures a connector instance: its config (generated from the schema), secrets, and schedule. */
export function InstanceForm({ entry, instance, onSubmit, onCancel, pending, error }: InstanceFormProps) {
  const form = useInstanceForm(entry, instance, error);
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(form.timeZone) ? all : [form.timeZone, ...all];
  }, [form.timeZone]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const draft = form.draft();
    if (draft) onSubmit(draft);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="instance-form" data-connector={entry.id}>
      <Stack>
        <FormErrorAlert error={error} rest={form.rest} testId="instance-form-error" />
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={5}>Connection</Title>
            <TextInput
              label="Name"
              description="How this instance is called in Steward; its records arrive under a source of this name."
              required
              maxLength={120}
              value={form.name}
              onChange={(e) => form.setName(e.currentTarget.value)}
              error={form.errorAt('name')}
              errorProps={{ 'data-testid': 'instance-name-error' }}
              data-testid="instance-name"
            />
            <SchemaFields
              fields={form.fields}
              values={form.values}
              errors={prefixed(
                'config',
                form.errorAt,
                form.fields.map((f) => f.path),
              )}
              onChange={form.setValue}
              testIdPrefix="config"
            />
          </Stack>
        </Paper>
        {entry.auth.secrets.length > 0 && (
          <Paper withBorder p="md">
            <Stack gap="sm">
              <div>
                <Title order={5}>Credentials</Title>
                <Text size="xs" c="dimmed">
                  Stored encrypted and never shown again, not even to admins.
                </Text>
              </div>
              <SecretInputs
                secrets={entry.auth.secrets}
                values={form.secrets}
                stored={instance?.secrets}
                errors={prefixed(
                  'secrets',
                  form.errorAt,
                  entry.auth.secrets.map((s) => s.key),
                )}
                onChange={form.setSecret}
              />
            </Stack>
          </Paper>
        )}
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={5}>Schedule</Title>
            <Group grow align="flex-start">
              <TextInput
                label="Sync schedule"
                description="A cron expression, e.g. 0 * * * * for hourly. Blank: only when you press Sync now."
                placeholder="0 * * * *"
                value={form.schedule}
                onChange={(e) => form.setSchedule(e.currentTarget.value)}
                error={form.errorAt('schedule')}
                errorProps={{ 'data-testid': 'instance-schedule-error' }}
                data-testid="instance-schedule"
              />
              <Select
                label="Time zone"
                description="The schedule is read in it."
                data={zones}
                value={form.timeZone}
                onChange={(v) => v && form.setTimeZone(v)}
                searchable
                allowDeselect={false}
                error={form.errorAt('timeZone')}
                comboboxProps={{ withinPortal: true }}
                data-testid="instance-timezone"
              />
            </Group>
            <Switch
              label="Enabled (scheduled syncs run, and Sync now is allowed)"
              checked={form.enabled}
              onChange={(e) => form.setEnabled(e.currentTarget.checked)}
              data-testid="instance-enabled"
            />
          </Stack>
        </Paper>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending} data-testid="instance-save">
            {instance ? 'Save changes' : `Add ${entry.title}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
