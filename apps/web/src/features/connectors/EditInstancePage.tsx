import { Anchor, Breadcrumbs, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PageState } from '../../ui/PageState.js';
import { useCatalogEntry, useInstance, useUpdateInstance } from './connectors.api.js';
import { InstanceForm } from './InstanceForm.js';

/** Changes an instance: secrets are write-only, so blank ones keep what is stored. */
export function EditInstancePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const instance = useInstance(id);
  const catalog = useCatalogEntry(instance.data?.connectorId);
  const update = useUpdateInstance(id);
  const back = `/settings/connectors/${encodeURIComponent(id)}`;
  return (
    <Stack data-testid="edit-instance-page">
      <Breadcrumbs>
        <Anchor component={Link} to="/settings/connectors" size="sm">
          Connectors
        </Anchor>
        <Anchor component={Link} to={back} size="sm">
          {instance.data?.name ?? '…'}
        </Anchor>
        <Text size="sm">Edit</Text>
      </Breadcrumbs>
      <PageState
        isPending={instance.isPending || catalog.isPending}
        error={instance.error ?? catalog.error}
      />
      {instance.data && catalog.data && !catalog.entry && (
        <ErrorAlert
          error={`This installation no longer offers the connector “${instance.data.connectorId}”.`}
        />
      )}
      {instance.data && catalog.entry && (
        <>
          <Title order={3}>Edit {instance.data.name}</Title>
          <InstanceForm
            key={instance.data.id}
            entry={catalog.entry}
            instance={instance.data}
            pending={update.isPending}
            error={update.error}
            onCancel={() => void navigate(back)}
            onSubmit={(draft) => {
              const { secrets, ...rest } = draft;
              update.mutate(Object.keys(secrets).length > 0 ? { ...rest, secrets } : rest, {
                onSuccess: () => void navigate(back),
              });
            }}
          />
        </>
      )}
    </Stack>
  );
}
