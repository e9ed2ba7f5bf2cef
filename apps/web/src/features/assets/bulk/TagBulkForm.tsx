import { useState, type FormEvent } from 'react';
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { addTag } from '../api/actions.js';
import type { StartBulk } from './bulkTypes.js';

const TAG = /^[\p{L}\p{N} _.:/-]+$/u;

export function TagBulkForm({ count, onStart }: { count: number; onStart: StartBulk }) {
  const [tag, setTag] = useState('');
  const value = tag.trim();
  const invalid = value !== '' && (!TAG.test(value) || value.length > 50);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value || invalid) return;
    onStart(`Add tag “${value}”`, (id) => addTag(id, value));
  };

  return (
    <form onSubmit={submit} data-testid="bulk-tag-form">
      <Stack>
        <Text size="sm">
          Add a tag to {count} {count === 1 ? 'asset' : 'assets'}, keeping the tags they already have.
        </Text>
        <TextInput
          label="Tag"
          required
          maxLength={50}
          value={tag}
          onChange={(e) => setTag(e.currentTarget.value)}
          error={invalid ? 'Letters, digits, spaces and _ . : / - only; at most 50 characters' : undefined}
          data-testid="bulk-tag-input"
        />
        <Group justify="flex-end">
          <Button type="submit" disabled={!value || invalid} data-testid="bulk-submit">
            Tag {count} {count === 1 ? 'asset' : 'assets'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
