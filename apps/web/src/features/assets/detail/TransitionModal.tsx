import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import {
  DISPOSAL_METHODS,
  humanize,
  STATE_LABELS,
  stateLabel,
  type DisposalMethod,
  type LifecycleState,
} from '../../../api/lifecycle.js';
import type { Asset } from '../../../api/records.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { useTransition } from '../api/mutations.js';

/** Moves the asset to `to`, with the reason for the history; disposal also asks how. */
export function TransitionModal({
  asset,
  to,
  onClose,
}: {
  asset: Asset;
  to: LifecycleState | null;
  onClose: () => void;
}) {
  const transition = useTransition(asset.id);
  const [reason, setReason] = useState('');
  const [method, setMethod] = useState<DisposalMethod | null>(null);
  useEffect(() => {
    if (!to) return;
    setReason('');
    setMethod(null);
    transition.reset();
    // Only a new target state starts a fresh form.
  }, [to]);

  const disposing = to === 'disposed';
  const ready = reason.trim() !== '' && (!disposing || method !== null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to || !ready) return;
    transition.mutate(
      { to, reason: reason.trim(), ...(disposing && method ? { disposalMethod: method } : {}) },
      { onSuccess: onClose },
    );
  };

  return (
    <Modal opened={to !== null} onClose={onClose} title={to ? `Move to ${STATE_LABELS[to]}` : ''} centered>
      <form onSubmit={submit} data-testid="transition-form">
        <Stack>
          <Text size="sm">
            {asset.name ?? 'This asset'} is {stateLabel(asset.lifecycleState).toLowerCase()}.
          </Text>
          {disposing && asset.legalHold && (
            <Alert color="red" variant="light">
              This asset is under legal hold: the server will refuse disposal until the hold is released.
            </Alert>
          )}
          {transition.error ? <ErrorAlert error={transition.error} testId="transition-error" /> : null}
          {disposing && (
            <Select
              label="Disposal method"
              required
              description="“Destroyed” needs a certificate of destruction attached first."
              data={DISPOSAL_METHODS.map((m) => ({ value: m, label: humanize(m) }))}
              value={method}
              onChange={(v) => setMethod(v as DisposalMethod | null)}
              comboboxProps={{ withinPortal: true }}
              data-testid="transition-disposal"
            />
          )}
          <Textarea
            label="Reason"
            description="Recorded in the asset's history"
            required
            data-autofocus
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="transition-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              disabled={!ready}
              loading={transition.isPending}
              data-testid="transition-submit"
            >
              Move to {to ? STATE_LABELS[to] : ''}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
