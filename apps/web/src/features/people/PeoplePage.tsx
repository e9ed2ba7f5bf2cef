import { useState } from 'react';
import { Button, Center, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useNavigate } from 'react-router-dom';
import { humanize } from '../../api/lifecycle.js';
import { PERSON_STATUSES, type PersonStatus } from '../../api/records.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PageState } from '../../ui/PageState.js';
import { AddPersonModal } from './AddPersonModal.js';
import { PeopleTable } from './PeopleTable.js';
import { usePeople, type PeopleFilters } from './people.api.js';

const STATUS_OPTIONS = [
  { value: '', label: 'Any status' },
  ...PERSON_STATUSES.map((s) => ({ value: s, label: humanize(s) })),
];

export function PeoplePage() {
  const navigate = useNavigate();
  const [filters, setFilters] = useState<PeopleFilters>({ q: '', status: '' });
  const [debounced] = useDebouncedValue(filters, 300);
  const [adding, setAdding] = useState(false);
  const list = usePeople(debounced);
  const people = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack data-testid="people-page">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>People</Title>
          <Text size="sm" c="dimmed">
            Everyone who holds technology, what is assigned to them, and what happened to their record.
          </Text>
        </div>
        <Button onClick={() => setAdding(true)} data-testid="person-add">
          Add person
        </Button>
      </Group>
      <Group align="flex-end">
        <TextInput
          label="Search"
          placeholder="Start of a name or email"
          value={filters.q}
          onChange={(e) => setFilters({ ...filters, q: e.currentTarget.value })}
          data-testid="people-search"
          w={280}
        />
        <Select
          label="Status"
          data={STATUS_OPTIONS}
          value={filters.status}
          onChange={(v) => setFilters({ ...filters, status: (v ?? '') as PersonStatus | '' })}
          allowDeselect={false}
          data-testid="people-status"
        />
      </Group>
      <PageState isPending={list.isPending} error={list.data ? null : list.error} />
      {list.data && people.length === 0 && (
        <Text c="dimmed" data-testid="people-empty">
          {debounced.q || debounced.status
            ? 'Nobody matches these filters.'
            : 'No people yet. Add the first one.'}
        </Text>
      )}
      {people.length > 0 && <PeopleTable people={people} />}
      {list.isFetchNextPageError && <ErrorAlert error={list.error} title="Could not load more people" />}
      {list.hasNextPage && (
        <Center>
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
            data-testid="people-load-more"
          >
            Load more
          </Button>
        </Center>
      )}
      <AddPersonModal
        opened={adding}
        onClose={() => setAdding(false)}
        onCreated={(p) => void navigate(`/people/${encodeURIComponent(p.id)}`)}
      />
    </Stack>
  );
}
