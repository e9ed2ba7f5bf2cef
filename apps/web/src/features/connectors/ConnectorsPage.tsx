import { Button, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { roleAtLeast } from '../../api/types.js';
import { PageState } from '../../ui/PageState.js';
import { useSession } from '../auth/index.js';
import { useInstances } from './connectors.api.js';
import { InstancesTable } from './InstancesTable.js';

/** Settings → Connectors: the configured instances, their sync status, and adding one from the catalog. */
export function ConnectorsPage() {
  const session = useSession();
  const instances = useInstances();
  const canAdmin = roleAtLeast(session.role, 'admin');
  return (
    <Stack data-testid="connectors-page">
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={720}>
          Each connector instance pulls records from one system (a Jamf Pro server, an Okta org…) on its
          schedule or when you press Sync now, and runs actions there (lock, wipe, suspend) from an asset’s
          page.
        </Text>
        {canAdmin && (
          <Button component={Link} to="/settings/connectors/new" data-testid="add-connector">
            Add connector
          </Button>
        )}
      </Group>
      <PageState isPending={instances.isPending} error={instances.error} />
      {instances.data && (
        <InstancesTable
          instances={instances.data}
          canOperate={roleAtLeast(session.role, 'operator')}
          canAdmin={canAdmin}
        />
      )}
    </Stack>
  );
}
