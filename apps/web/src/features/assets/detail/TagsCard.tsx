import { useEffect, useState } from 'react';
import { Button, Group, Paper, Stack, TagsInput, Title } from '@mantine/core';
import type { Asset } from '../../../api/records.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { useSetTags } from '../api/mutations.js';

export function TagsCard({ asset, canEdit }: { asset: Asset; canEdit: boolean }) {
  const setTags = useSetTags(asset.id);
  const current = asset.tags ?? [];
  const [tags, setLocal] = useState<string[]>(current);
  const currentKey = current.join('\u0000');
  useEffect(() => setLocal(currentKey ? currentKey.split('\u0000') : []), [currentKey]);
  const changed = tags.join('\u0000') !== currentKey;

  return (
    <Paper withBorder p="md" data-testid="asset-tags">
      <Stack gap="xs">
        <Title order={5}>Tags</Title>
        <TagsInput
          value={tags}
          onChange={setLocal}
          placeholder={canEdit ? 'Type a tag and press Enter' : undefined}
          disabled={!canEdit}
          maxTags={50}
          clearable
          data-testid="asset-tags-input"
        />
        {setTags.error ? <ErrorAlert error={setTags.error} /> : null}
        {changed && (
          <Group gap="xs">
            <Button
              size="xs"
              onClick={() => setTags.mutate(tags)}
              loading={setTags.isPending}
              data-testid="asset-tags-save"
            >
              Save tags
            </Button>
            <Button size="xs" variant="default" onClick={() => setLocal(current)}>
              Undo
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
