import { Anchor, Breadcrumbs, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PageState } from '../../ui/PageState.js';
import { categoryLabel } from './categories.js';
import { useCatalogEntry, useCreateInstance } from './connectors.api.js';
import { InstanceForm } from './InstanceForm.js';

/** Add connector, step two: configure an instance of the connector picked from the catalog. */
export function NewInstancePage() {
  const { connectorId = '' } = useParams();
  const navigate = useNavigate();
  const catalog = useCatalogEntry(connectorId);
  const create = useCreateInstance();
  const entry = catalog.entry;
  return (
    <Stack data-testid="new-instance-page">
      <Breadcrumbs>
        <Anchor component={Link} to="/settings/connectors" size="sm">
          Connectors
        </Anchor>
        <Anchor component={Link} to="/settings/connectors/new" size="sm">
          Add connector
        </Anchor>
        <Text size="sm">{entry?.title ?? connectorId}</Text>
      </Breadcrumbs>
      <PageState isPending={catalog.isPending} error={catalog.error} />
      {catalog.data && !entry && (
        <ErrorAlert error={`There is no connector “${connectorId}” in the catalog.`} />
      )}
      {entry && (
        <>
          <div>
            <Title order={3}>Add {entry.title}</Title>
            <Text size="sm" c="dimmed">
              {categoryLabel(entry.category)}
              {entry.description ? ` — ${entry.description}` : ''}
            </Text>
          </div>
          <InstanceForm
            entry={entry}
            pending={create.isPending}
            error={create.error}
            onCancel={() => void navigate('/settings/connectors/new')}
            onSubmit={(draft) =>
              create.mutate(
                { connectorId: entry.id, ...draft },
                {
                  onSuccess: (created) =>
                    void navigate(`/settings/connectors/${encodeURIComponent(created.id)}`, {
                      replace: true,
                    }),
                },
              )
            }
          />
        </>
      )}
    </Stack>
  );
}
