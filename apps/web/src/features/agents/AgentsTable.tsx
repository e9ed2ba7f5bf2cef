import { useState } from 'react';
import { Button, Center, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { ConfirmModal } from '../../ui/ConfirmModal.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PageState } from '../../ui/PageState.js';
import { useAgents, useCheckin, useRevokeAgent } from './agents.api.js';
import type { Agent, AgentFilter } from './agents.types.js';
import { AgentFilters } from './AgentFilters.js';
import { AgentRow } from './AgentRow.js';

type CheckinState = Record<string, 'pending' | 'delivered' | 'offline'>;

/** Every agent, filtered and searched, a page at a time, with its per-agent actions. */
export function AgentsTable({ canOperate, canAdmin }: { canOperate: boolean; canAdmin: boolean }) {
  const [filter, setFilter] = useState<AgentFilter>('all');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const agents = useAgents(filter, q);
  const checkin = useCheckin();
  const revoke = useRevokeAgent();
  const [checkins, setCheckins] = useState<CheckinState>({});
  const [revoking, setRevoking] = useState<Agent | null>(null);
  const rows = agents.data?.pages.flatMap((p) => p.items) ?? [];

  const askCheckin = (id: string) => {
    setCheckins((s) => ({ ...s, [id]: 'pending' }));
    checkin.mutate(id, {
      onSuccess: (r) => setCheckins((s) => ({ ...s, [id]: r.delivered ? 'delivered' : 'offline' })),
      onError: () =>
        setCheckins((s) => {
          const { [id]: _, ...rest } = s;
          return rest;
        }),
    });
  };

  return (
    <Stack gap="sm">
      <AgentFilters filter={filter} onFilter={setFilter} search={search} onSearch={setSearch} />
      <ErrorAlert error={checkin.error} title="Could not ask the agent to check in" />
      <PageState isPending={agents.isPending} error={agents.error} />
      {agents.data && rows.length === 0 && (
        <Text c="dimmed" data-testid="agents-empty">
          {filter === 'all' && !q
            ? 'No agent has enrolled yet. Create an enrolment secret and run steward-agent enroll on a device.'
            : 'No agent matches.'}
        </Text>
      )}
      {rows.length > 0 && (
        <Table striped highlightOnHover data-testid="agents-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Hostname</Table.Th>
              <Table.Th>Platform</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Last seen</Table.Th>
              <Table.Th>Traffic</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((a) => (
              <AgentRow
                key={a.id}
                agent={a}
                canOperate={canOperate}
                canAdmin={canAdmin}
                checkin={checkins[a.id] ?? null}
                onCheckin={() => askCheckin(a.id)}
                onRevoke={() => {
                  revoke.reset();
                  setRevoking(a);
                }}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {agents.hasNextPage && (
        <Center>
          <Button
            variant="default"
            onClick={() => void agents.fetchNextPage()}
            loading={agents.isFetchingNextPage}
            data-testid="agents-more"
          >
            Load more
          </Button>
        </Center>
      )}
      <ConfirmModal
        opened={revoking !== null}
        title="Revoke this agent?"
        confirmLabel="Revoke"
        pending={revoke.isPending}
        error={revoke.error}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        <b>{revoking?.hostname}</b> loses its credential and is disconnected now. Its tasks stop being
        delivered; to manage the device again, enrol it anew.
      </ConfirmModal>
    </Stack>
  );
}
