import { Anchor, Badge, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { roleAtLeast } from '../../api/types.js';
import { PageState } from '../../ui/PageState.js';
import { useSession } from '../auth/index.js';
import { categoryLabel } from './categories.js';
import { useInstance } from './connectors.api.js';
import { InstanceSummary } from './InstanceSummary.js';
import { InstanceToolbar } from './InstanceToolbar.js';
import { LiveRunPanel } from './LiveRunPanel.js';
import { RunHistory } from './RunHistory.js';

/** One connector instance: its configuration, connection test, live sync and run history. */
export function InstancePage() {
  const { id = '' } = useParams();
  const session = useSession();
  const instance = useInstance(id);
  const i = instance.data;
  return (
    <Stack data-testid="instance-page">
      <Breadcrumbs>
        <Anchor component={Link} to="/settings/connectors" size="sm" data-testid="back-to-connectors">
          Connectors
        </Anchor>
        <Text size="sm">{i?.name ?? '…'}</Text>
      </Breadcrumbs>
      <PageState isPending={instance.isPending} error={instance.error} />
      {i && (
        <>
          <Group justify="space-between" align="flex-start">
            <div>
              <Group gap="sm">
                <Title order={3} data-testid="instance-title">
                  {i.name}
                </Title>
                <Badge
                  variant="light"
                  color={i.enabled ? 'green' : 'gray'}
                  data-testid="instance-enabled-badge"
                >
                  {i.enabled ? 'enabled' : 'disabled'}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {i.connectorTitle} · {categoryLabel(i.category)}
              </Text>
            </div>
            <InstanceToolbar
              instance={i}
              canOperate={roleAtLeast(session.role, 'operator')}
              canAdmin={roleAtLeast(session.role, 'admin')}
            />
          </Group>
          <LiveRunPanel lastRun={i.lastRun} />
          <InstanceSummary instance={i} />
          <RunHistory instanceId={i.id} />
        </>
      )}
    </Stack>
  );
}
