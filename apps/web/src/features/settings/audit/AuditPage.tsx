import { useState } from 'react';
import { Button, Center, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useLocation } from 'react-router-dom';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { PageState } from '../../../ui/PageState.js';
import { AuditFilterBar } from './AuditFilterBar.js';
import { AuditRow } from './AuditRow.js';
import { useAuditLog, type AuditFilters } from './audit.api.js';

export function AuditPage() {
  const { pathname } = useLocation();
  const inSettings = pathname.startsWith('/settings');
  const [filters, setFilters] = useState<AuditFilters>({ action: '', actorType: '' });
  const [debounced] = useDebouncedValue(filters, 300);
  const log = useAuditLog(debounced);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const events = log.data?.pages.flatMap((p) => p.items) ?? [];

  const toggle = (id: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Stack data-testid="audit-page">
      {!inSettings && <Title order={2}>Audit log</Title>}
      <Text size="sm" c="dimmed">
        Every change in this tenant: who made it, what changed, before and after. Newest first.
      </Text>
      <AuditFilterBar value={filters} onChange={setFilters} />
      <PageState isPending={log.isPending} error={log.data ? null : log.error} />
      {log.data && events.length === 0 && (
        <Text c="dimmed" data-testid="audit-empty">
          No events match these filters.
        </Text>
      )}
      {events.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table withTableBorder data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Changes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((e) => (
                <AuditRow key={e.id} event={e} expanded={expanded.has(e.id)} onToggle={() => toggle(e.id)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {log.isFetchNextPageError && <ErrorAlert error={log.error} title="Could not load more events" />}
      {log.hasNextPage && (
        <Center>
          <Button
            variant="default"
            onClick={() => void log.fetchNextPage()}
            loading={log.isFetchingNextPage}
            data-testid="audit-load-more"
          >
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}
