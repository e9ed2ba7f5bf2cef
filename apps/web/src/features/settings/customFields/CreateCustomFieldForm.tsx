import { useState, type FormEvent } from 'react';
import {
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
  Title,
} from '@mantine/core';
import { CUSTOM_FIELD_TYPES, type CustomFieldEntity, type CustomFieldType } from '../../../api/records.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { useCreateCustomField, type CreateCustomFieldInput } from './customFields.api.js';
import { keyFromLabel, keyProblem, KEY_PREFIX, typeLabel } from './fieldKey.js';

const TYPE_OPTIONS = CUSTOM_FIELD_TYPES.map((t) => ({ value: t, label: typeLabel(t) }));

const EMPTY = {
  label: '',
  key: '',
  keyTouched: false,
  type: 'text' as CustomFieldType,
  values: [] as string[],
};

export function CreateCustomFieldForm({ entityType }: { entityType: CustomFieldEntity }) {
  const create = useCreateCustomField();
  const [form, setForm] = useState(EMPTY);
  const [required, setRequired] = useState(false);
  const [description, setDescription] = useState('');
  const key = form.keyTouched ? form.key : keyFromLabel(form.label);
  const problem = keyProblem(key);
  const needsValues = form.type === 'enum' && form.values.length === 0;
  const valid = form.label.trim() !== '' && key !== '' && problem === null && !needsValues;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    const input: CreateCustomFieldInput = {
      entityType,
      key: `${KEY_PREFIX}${key}`,
      label: form.label.trim(),
      type: form.type,
      required,
      ...(form.type === 'enum' ? { values: form.values } : {}),
      ...(description.trim() ? { description: description.trim() } : {}),
    };
    create.mutate(input, {
      onSuccess: () => {
        setForm(EMPTY);
        setRequired(false);
        setDescription('');
      },
    });
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} data-testid="cf-create-form">
        <Stack gap="sm">
          <Title order={4}>Add a custom field</Title>
          {create.error ? <ErrorAlert error={create.error} testId="cf-create-error" /> : null}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label="Label"
              description="What people see"
              required
              maxLength={100}
              value={form.label}
              onChange={(e) => {
                const label = e.currentTarget.value;
                setForm((f) => ({ ...f, label }));
              }}
              data-testid="cf-label"
            />
            <TextInput
              label="Key"
              description="Its name in the API and in CSV files; cannot change later"
              required
              leftSection={KEY_PREFIX}
              leftSectionWidth={36}
              value={key}
              error={problem}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setForm((f) => ({ ...f, key: value, keyTouched: true }));
              }}
              data-testid="cf-key"
            />
            <Select
              label="Type"
              description="Values are checked on every write"
              data={TYPE_OPTIONS}
              value={form.type}
              onChange={(v) => v && setForm((f) => ({ ...f, type: v as CustomFieldType }))}
              allowDeselect={false}
              data-testid="cf-type"
            />
          </SimpleGrid>
          {form.type === 'enum' && (
            <TagsInput
              label="Allowed values"
              description="Type a value and press Enter"
              required
              value={form.values}
              onChange={(values) => setForm((f) => ({ ...f, values }))}
              maxTags={200}
              data-testid="cf-values"
            />
          )}
          <TextInput
            label="Description"
            description="Optional: what it is for"
            maxLength={500}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            data-testid="cf-description"
          />
          <Group justify="space-between">
            <Checkbox
              label="Required: every record must have a value"
              checked={required}
              onChange={(e) => setRequired(e.currentTarget.checked)}
              data-testid="cf-required"
            />
            <Button type="submit" loading={create.isPending} disabled={!valid} data-testid="cf-create-submit">
              Add field
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
