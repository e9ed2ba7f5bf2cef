import { useMemo, useState, type FormEvent } from 'react';
import { Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { AttestationCampaign } from '../../../api/attestation.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { endOfDay, formatCount } from '../../../ui/format.js';
import { useAssignedCount, useCreateCampaign } from '../attestation.api.js';
import { CampaignScopeFields } from './CampaignScopeFields.js';
import { dateInDays, EMPTY_SCOPE, scopeFilters, type CampaignScope } from './campaignScope.js';

/** Starts a campaign: everyone holding a matching asset is asked to confirm it. */
export function NewCampaignModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (c: AttestationCampaign) => void;
}) {
  const create = useCreateCampaign();
  const [name, setName] = useState('');
  const [due, setDue] = useState(() => dateInDays(14));
  const [reminder, setReminder] = useState<number | string>(7);
  const [scope, setScope] = useState<CampaignScope>(EMPTY_SCOPE);
  const filters = useMemo(() => scopeFilters(scope), [scope]);
  const [debouncedFilters] = useDebouncedValue(filters, 300);
  const matching = useAssignedCount(debouncedFilters, opened);
  const reminderEveryDays = typeof reminder === 'number' ? reminder : Number(reminder);
  const valid = name.trim() !== '' && due !== '' && Number.isInteger(reminderEveryDays);

  const close = () => {
    setName('');
    setDue(dateInDays(14));
    setReminder(7);
    setScope(EMPTY_SCOPE);
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    create.mutate(
      { name: name.trim(), dueAt: endOfDay(due), reminderEveryDays, filters },
      {
        onSuccess: (c) => {
          close();
          onCreated(c);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="New attestation campaign" centered size="xl">
      <form onSubmit={submit} data-testid="campaign-form">
        <Stack>
          {create.error ? <ErrorAlert error={create.error} testId="campaign-error" /> : null}
          <TextInput
            label="Name"
            placeholder="e.g. Laptop attestation, spring"
            required
            maxLength={200}
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="campaign-name"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Answers due"
              description="Until the end of that day"
              type="date"
              required
              min={dateInDays(1)}
              value={due}
              onChange={(e) => setDue(e.currentTarget.value)}
              data-testid="campaign-due"
            />
            <NumberInput
              label="Remind every (days)"
              description="Until they answer or the due date passes"
              min={1}
              max={90}
              allowDecimal={false}
              value={reminder}
              onChange={setReminder}
              data-testid="campaign-reminder"
            />
          </SimpleGrid>
          <CampaignScopeFields scope={scope} onChange={setScope} />
          <Text size="sm" data-testid="campaign-matching" data-count={matching.data ?? ''}>
            {matching.data === undefined
              ? 'Counting the assigned assets that match…'
              : `${formatCount(matching.data)} assigned ${matching.data === 1 ? 'asset matches' : 'assets match'}.`}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!valid || matching.data === 0}
              data-testid="campaign-submit"
            >
              Start campaign
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
