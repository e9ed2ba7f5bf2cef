import { useState, type FormEvent } from 'react';
import { Button, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { setLegalHold } from '../api/actions.js';
import type { StartBulk } from './bulkTypes.js';

export function LegalHoldBulkForm({ count, onStart }: { count: number; onStart: StartBulk }) {
  const [hold, setHold] = useState<'set' | 'release'>('set');
  const [reason, setReason] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    const input = { hold: hold === 'set', reason: reason.trim() };
    onStart(hold === 'set' ? 'Set legal hold' : 'Release legal hold', (id) => setLegalHold(id, input));
  };

  return (
    <form onSubmit={submit} data-testid="bulk-legal-hold-form">
      <Stack>
        <Text size="sm">
          While on legal hold, an asset cannot be disposed of, wiped or deleted. Applies to {count}{' '}
          {count === 1 ? 'asset' : 'assets'}.
        </Text>
        <SegmentedControl
          value={hold}
          onChange={(v) => setHold(v as 'set' | 'release')}
          data={[
            { value: 'set', label: 'Set hold' },
            { value: 'release', label: 'Release hold' },
          ]}
          data-testid="bulk-hold-mode"
        />
        <Textarea
          label="Justification"
          description="e.g. the matter or ticket; recorded in each asset's history"
          required
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="bulk-reason"
        />
        <Group justify="flex-end">
          <Button type="submit" color="red" disabled={!reason.trim()} data-testid="bulk-submit">
            {hold === 'set' ? 'Set' : 'Release'} hold on {count} {count === 1 ? 'asset' : 'assets'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
