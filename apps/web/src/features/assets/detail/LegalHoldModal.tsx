import { useEffect, useState, type FormEvent } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import type { Asset } from '../../../api/records.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { useLegalHold } from '../api/mutations.js';

/** Sets or releases legal hold (admin), with the justification for the record. */
export function LegalHoldModal({
  asset,
  opened,
  onClose,
}: {
  asset: Asset;
  opened: boolean;
  onClose: () => void;
}) {
  const hold = useLegalHold(asset.id);
  const [reason, setReason] = useState('');
  const setting = !asset.legalHold;
  useEffect(() => {
    if (opened) setReason('');
  }, [opened]);

  const close = () => {
    hold.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    hold.mutate({ hold: setting, reason: reason.trim() }, { onSuccess: close });
  };

  return (
    <Modal opened={opened} onClose={close} title={setting ? 'Set legal hold' : 'Release legal hold'} centered>
      <form onSubmit={submit} data-testid="legal-hold-form">
        <Stack>
          <Text size="sm">
            {setting
              ? 'While on hold, the asset cannot be disposed of, wiped or deleted.'
              : 'Releasing the hold allows disposal, wipe and deletion again.'}
          </Text>
          {hold.error ? <ErrorAlert error={hold.error} /> : null}
          <Textarea
            label="Justification"
            description="e.g. the matter or ticket; recorded in the history"
            required
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="legal-hold-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              color="red"
              disabled={!reason.trim()}
              loading={hold.isPending}
              data-testid="legal-hold-submit"
            >
              {setting ? 'Set hold' : 'Release hold'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
