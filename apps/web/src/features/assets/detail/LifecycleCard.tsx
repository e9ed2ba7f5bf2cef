import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import {
  humanize,
  isLifecycleState,
  LIFECYCLE_TRANSITIONS,
  STATE_LABELS,
  type LifecycleState,
} from '../../../api/lifecycle.js';
import type { Asset } from '../../../api/records.js';
import { StateBadge } from '../../../ui/StateBadge.js';
import { LegalHoldModal } from './LegalHoldModal.js';
import { TransitionModal } from './TransitionModal.js';

/** The lifecycle state, the moves allowed from it, and legal hold. */
export function LifecycleCard({
  asset,
  canEdit,
  isAdmin,
}: {
  asset: Asset;
  canEdit: boolean;
  isAdmin: boolean;
}) {
  const [to, setTo] = useState<LifecycleState | null>(null);
  const [holding, setHolding] = useState(false);
  const state = asset.lifecycleState;
  const next = isLifecycleState(state) ? LIFECYCLE_TRANSITIONS[state] : [];

  return (
    <Paper withBorder p="md" data-testid="lifecycle-card">
      <Stack gap="sm">
        <Title order={5}>Lifecycle</Title>
        <Group gap="xs">
          <StateBadge state={state} size="lg" />
          {asset.legalHold && (
            <Badge color="red" variant="filled" data-testid="legal-hold-badge">
              Legal hold
            </Badge>
          )}
        </Group>
        {state === 'disposed' && asset.disposalMethod && (
          <Text size="sm">Disposal method: {humanize(asset.disposalMethod)}</Text>
        )}
        {canEdit && next.length > 0 && (
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              Move to
            </Text>
            <Group gap={6} data-testid="transition-actions">
              {next.map((s) => (
                <Button
                  key={s}
                  size="xs"
                  variant={s === 'disposed' || s === 'lost' || s === 'stolen' ? 'light' : 'default'}
                  color={s === 'disposed' || s === 'lost' || s === 'stolen' ? 'red' : undefined}
                  onClick={() => setTo(s)}
                  data-testid={`transition-to-${s}`}
                >
                  {STATE_LABELS[s]}
                </Button>
              ))}
            </Group>
          </Stack>
        )}
        {state === 'disposed' && (
          <Text size="sm" c="dimmed">
            Disposed is final: nothing can follow.
          </Text>
        )}
        {isAdmin && (
          <Group>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={() => setHolding(true)}
              data-testid="legal-hold-toggle"
            >
              {asset.legalHold ? 'Release legal hold…' : 'Set legal hold…'}
            </Button>
          </Group>
        )}
      </Stack>
      <TransitionModal asset={asset} to={to} onClose={() => setTo(null)} />
      <LegalHoldModal asset={asset} opened={holding} onClose={() => setHolding(false)} />
    </Paper>
  );
}
