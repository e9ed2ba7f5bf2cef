import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { Asset } from '../../../api/records.js';
import { ConfirmModal } from '../../../ui/ConfirmModal.js';
import { formatDateTime } from '../../../ui/format.js';
import { useLocationNames } from '../../locations/index.js';
import { PersonName } from '../../people/index.js';
import { useAssignments } from '../api/assets.api.js';
import { useUnassign } from '../api/mutations.js';
import { AcknowledgementModal } from './AcknowledgementModal.js';
import { AssignModal } from './AssignModal.js';

/** Who holds the asset (and where), with assign / unassign. */
export function AssignmentCard({ asset, canEdit }: { asset: Asset; canEdit: boolean }) {
  const assignments = useAssignments(asset.id);
  const unassign = useUnassign(asset.id);
  const locations = useLocationNames();
  const [assigning, setAssigning] = useState(false);
  const [ending, setEnding] = useState(false);
  const [ackUrl, setAckUrl] = useState<string | null>(null);
  const current = assignments.data?.find((a) => a.returnedAt === null) ?? null;
  const personId = typeof asset.assignedPersonId === 'string' ? asset.assignedPersonId : null;
  const locationId = typeof asset.locationId === 'string' ? asset.locationId : null;
  const assigned = personId !== null || locationId !== null;

  return (
    <Paper withBorder p="md" data-testid="assignment-card">
      <Stack gap="sm">
        <Title order={5}>Assignment</Title>
        {assigned ? (
          <Stack gap={4} data-testid="assignment-current">
            <Text size="sm">
              Assigned to{' '}
              {personId ? (
                <PersonName id={personId} />
              ) : (
                <Text span c="dimmed">
                  nobody
                </Text>
              )}
            </Text>
            {locationId && <Text size="sm">Location: {locations.get(locationId) ?? locationId}</Text>}
            {current && (
              <Text size="xs" c="dimmed">
                Since {formatDateTime(current.assignedAt)}
              </Text>
            )}
            {current?.dueAt && (
              <Group gap={6}>
                <Badge color={current.overdue ? 'red' : 'blue'} variant="light" data-testid="assignment-due">
                  {current.overdue ? 'Overdue' : 'Loaner'}
                </Badge>
                <Text size="xs">due {formatDateTime(current.dueAt)}</Text>
              </Group>
            )}
            {current && (
              <Text size="xs" c={current.acknowledgedAt ? 'green' : 'dimmed'} data-testid="assignment-ack">
                {current.acknowledgedAt
                  ? `Receipt confirmed ${formatDateTime(current.acknowledgedAt)}`
                  : 'Receipt not confirmed yet'}
              </Text>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed" data-testid="assignment-none">
            Not assigned.
          </Text>
        )}
        {canEdit && (
          <Group gap="xs">
            <Button size="xs" onClick={() => setAssigning(true)} data-testid="assign-open">
              {assigned ? 'Reassign…' : 'Assign…'}
            </Button>
            {assigned && (
              <Button size="xs" variant="default" onClick={() => setEnding(true)} data-testid="unassign-open">
                Unassign
              </Button>
            )}
          </Group>
        )}
      </Stack>
      <AssignModal
        asset={asset}
        opened={assigning}
        onClose={() => setAssigning(false)}
        onAssigned={(r) => setAckUrl(r.acknowledgementUrl)}
      />
      <AcknowledgementModal url={ackUrl} onClose={() => setAckUrl(null)} />
      <ConfirmModal
        opened={ending}
        title="End the assignment"
        confirmLabel="Unassign"
        pending={unassign.isPending}
        error={unassign.error}
        onCancel={() => {
          setEnding(false);
          unassign.reset();
        }}
        onConfirm={() => unassign.mutate(undefined, { onSuccess: () => setEnding(false) })}
      >
        Record that the asset came back? The assignment ends now and stays in the history.
      </ConfirmModal>
    </Paper>
  );
}
