import { useState } from 'react';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { AssignBulkForm } from './AssignBulkForm.js';
import { BulkReport } from './BulkReport.js';
import { BULK_TITLES, type BulkActionKind, type StartBulk } from './bulkTypes.js';
import { LegalHoldBulkForm } from './LegalHoldBulkForm.js';
import { TagBulkForm } from './TagBulkForm.js';
import { TransitionBulkForm } from './TransitionBulkForm.js';
import { useBulkRun, type BulkTarget } from './useBulkRun.js';

export interface BulkModalProps {
  action: BulkActionKind | null;
  targets: BulkTarget[];
  /** With the ids that failed (to keep them selected), or null when nothing ran. */
  onClose: (failedIds: string[] | null) => void;
}

/** A bulk action: its form, then a progress bar while it runs, then the report. */
export function BulkModal({ action, targets, onClose }: BulkModalProps) {
  const bulk = useBulkRun();
  const [label, setLabel] = useState('');
  const running = bulk.progress?.running ?? false;

  const start: StartBulk = (text, fn) => {
    setLabel(text);
    void bulk.run(targets, fn);
  };
  const close = () => {
    if (running) return;
    const failed = bulk.progress ? bulk.progress.failures.map((f) => f.id) : null;
    bulk.reset();
    onClose(failed);
  };

  const form = () => {
    const props = { count: targets.length, onStart: start };
    switch (action) {
      case 'transition':
        return <TransitionBulkForm {...props} />;
      case 'assign':
        return <AssignBulkForm {...props} />;
      case 'tag':
        return <TagBulkForm {...props} />;
      case 'legal-hold':
        return <LegalHoldBulkForm {...props} />;
      default:
        return null;
    }
  };

  return (
    <Modal
      opened={action !== null}
      onClose={close}
      title={action ? BULK_TITLES[action] : ''}
      centered
      size="lg"
      closeOnClickOutside={!running}
      closeOnEscape={!running}
      withCloseButton={!running}
    >
      <Stack data-testid="bulk-modal" data-action={action ?? ''}>
        {bulk.progress ? <BulkReport progress={bulk.progress} label={label} /> : form()}
        {bulk.progress && (
          <Group justify="flex-end">
            {running ? (
              <Button variant="default" color="red" onClick={bulk.stop} data-testid="bulk-stop">
                Stop
              </Button>
            ) : (
              <Button onClick={close} data-testid="bulk-close">
                Close
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Modal>
  );
}
