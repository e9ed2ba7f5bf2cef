import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import type { AttestationView } from '../../../api/attestation.js';
import type { Draft } from './answers.js';

type ViewAsset = AttestationView['assets'][number];

/** One asset on the person's list: "I have it" or "I don't have it", with an optional note. */
export function AssetAnswer({
  asset,
  draft,
  disabled,
  onChange,
}: {
  asset: ViewAsset;
  draft: Draft;
  disabled: boolean;
  onChange: (d: Draft) => void;
}) {
  const details = [
    asset.model,
    asset.serialNumber && `serial ${asset.serialNumber}`,
    asset.assetTag && `tag ${asset.assetTag}`,
  ].filter(Boolean);
  return (
    <Paper
      withBorder
      p="sm"
      data-testid="attest-asset"
      data-asset-id={asset.id}
      data-answer={draft.holds === null ? '' : draft.holds ? 'holds' : 'not_held'}
    >
      <Stack gap="xs">
        <div>
          <Text fw={600}>{asset.name ?? asset.model ?? asset.serialNumber ?? 'Asset'}</Text>
          <Text size="sm" c="dimmed">
            {details.join(' · ') || '—'}
          </Text>
        </div>
        <Group gap="xs">
          <Button
            variant={draft.holds === true ? 'filled' : 'default'}
            color="green"
            aria-pressed={draft.holds === true}
            disabled={disabled}
            onClick={() => onChange({ ...draft, holds: true })}
            data-testid="answer-holds"
          >
            I have it
          </Button>
          <Button
            variant={draft.holds === false ? 'filled' : 'default'}
            color="red"
            aria-pressed={draft.holds === false}
            disabled={disabled}
            onClick={() => onChange({ ...draft, holds: false })}
            data-testid="answer-not-held"
          >
            I don’t have it
          </Button>
        </Group>
        {draft.holds !== null && (
          <Textarea
            label={draft.holds ? 'Note (optional)' : 'What happened to it? (optional)'}
            placeholder={draft.holds ? '' : 'e.g. returned to IT in March, or never received'}
            autosize
            minRows={1}
            maxLength={1000}
            disabled={disabled}
            value={draft.note}
            onChange={(e) => onChange({ ...draft, note: e.currentTarget.value })}
            data-testid="answer-note"
          />
        )}
      </Stack>
    </Paper>
  );
}
