import { useState, type FormEvent } from 'react';
import { Button, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import {
  DISPOSAL_METHODS,
  humanize,
  LIFECYCLE_STATES,
  STATE_LABELS,
  type DisposalMethod,
  type LifecycleState,
} from '../../../api/lifecycle.js';
import { transitionAsset } from '../api/actions.js';
import type { StartBulk } from './bulkTypes.js';

export function TransitionBulkForm({ count, onStart }: { count: number; onStart: StartBulk }) {
  const [to, setTo] = useState<LifecycleState | null>(null);
  const [reason, setReason] = useState('');
  const [method, setMethod] = useState<DisposalMethod | null>(null);
  const ready = to !== null && reason.trim() !== '' && (to !== 'disposed' || method !== null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready || !to) return;
    const input = {
      to,
      reason: reason.trim(),
      ...(to === 'disposed' && method ? { disposalMethod: method } : {}),
    };
    onStart(`Move to ${STATE_LABELS[to]}`, (id) => transitionAsset(id, input));
  };

  return (
    <form onSubmit={submit} data-testid="bulk-transition-form">
      <Stack>
        <Text size="sm">
          Move {count} {count === 1 ? 'asset' : 'assets'} to another lifecycle state. Assets for which the
          move is not allowed from their current state are reported, not changed.
        </Text>
        <Select
          label="New state"
          required
          data={LIFECYCLE_STATES.filter((s) => s !== 'ordered').map((s) => ({
            value: s,
            label: STATE_LABELS[s],
          }))}
          value={to}
          onChange={(v) => setTo(v as LifecycleState | null)}
          data-testid="bulk-transition-to"
        />
        {to === 'disposed' && (
          <Select
            label="Disposal method"
            required
            description="“Destroyed” needs a certificate of destruction attached to each asset."
            data={DISPOSAL_METHODS.map((m) => ({ value: m, label: humanize(m) }))}
            value={method}
            onChange={(v) => setMethod(v as DisposalMethod | null)}
            data-testid="bulk-disposal-method"
          />
        )}
        <Textarea
          label="Reason"
          description="Recorded in each asset's history"
          required
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="bulk-reason"
        />
        <Group justify="flex-end">
          <Button type="submit" disabled={!ready} data-testid="bulk-submit">
            Move {count} {count === 1 ? 'asset' : 'assets'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
