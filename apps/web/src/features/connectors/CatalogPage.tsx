import { useState } from 'react';
import { Anchor, Breadcrumbs, Loader, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from 'react-router-dom';
import { PageState } from '../../ui/PageState.js';
import { byCategory, categoryLabel } from './categories.js';
import { CatalogCard } from './CatalogCard.js';
import { useCatalog } from './connectors.api.js';

/** Add connector, step one: the catalog, searchable ("jamf lock"), by category. */
export function CatalogPage() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const catalog = useCatalog(q);
  const items = catalog.data ?? [];
  return (
    <Stack data-testid="catalog-page">
      <Breadcrumbs>
        <Anchor component={Link} to="/settings/connectors" size="sm">
          Connectors
        </Anchor>
        <Text size="sm">Add connector</Text>
      </Breadcrumbs>
      <TextInput
        placeholder="Search by system, category or action, e.g. “jamf lock”"
        aria-label="Search the connector catalog"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        rightSection={catalog.isFetching ? <Loader size="xs" /> : null}
        maw={520}
        data-testid="catalog-search"
        data-query={q}
      />
      <PageState isPending={catalog.isPending} error={catalog.error} />
      {catalog.data && items.length === 0 && (
        <Text c="dimmed" data-testid="catalog-empty">
          No connector matches “{q}”.
        </Text>
      )}
      {byCategory(items).map(([category, entries]) => (
        <Stack key={category} gap="xs" data-testid="catalog-category" data-category={category}>
          <Title order={5}>{categoryLabel(category)}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {entries.map((e) => (
              <CatalogCard key={e.id} entry={e} />
            ))}
          </SimpleGrid>
        </Stack>
      ))}
    </Stack>
  );
}
