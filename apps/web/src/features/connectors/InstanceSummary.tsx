import { Badge, Code, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { formatDateTime, formatValue } from '../../ui/format.js';
import type { Instance } from './connectors.types.js';
import { labelOf } from './schemaForm.js';

function flatten(obj: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? flatten(v as Record<string, unknown>, `${prefix}${k}.`)
      : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

/** What the instance is configured with: config values, which secrets are stored (never their values), schedule. */
export function InstanceSummary({ instance }: { instance: Instance }) {
  const secrets = Object.entries(instance.secrets);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={5}>Configuration</Title>
          <Table fz="sm" data-testid="instance-config">
            <Table.Tbody>
              {flatten(instance.config).map(([key, value]) => (
                <Table.Tr key={key} data-testid="config-row" data-key={key}>
                  <Table.Td w="40%">{labelOf(key.replace(/\./g, ' '))}</Table.Td>
                  <Table.Td>
                    <Code>{formatValue(value)}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={5}>Credentials and schedule</Title>
          <Table fz="sm">
            <Table.Tbody>
              {secrets.map(([key, { set }]) => (
                <Table.Tr key={key} data-testid="secret-row" data-key={key}>
                  <Table.Td w="40%">{labelOf(key)}</Table.Td>
                  <Table.Td>
                    <Badge
                      size="sm"
                      variant="light"
                      color={set ? 'green' : 'red'}
                      data-set={set ? 'true' : 'false'}
                    >
                      {set ? 'stored' : 'missing'}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td>Schedule</Table.Td>
                <Table.Td data-testid="instance-schedule-summary">
                  {instance.schedule ? (
                    <>
                      <Code>{instance.schedule}</Code> ({instance.timeZone})
                    </>
                  ) : (
                    'On demand only'
                  )}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>Next sync</Table.Td>
                <Table.Td>
                  {formatDateTime(instance.nextSyncAt, instance.enabled ? '—' : 'Disabled')}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>Source key</Table.Td>
                <Table.Td>
                  <Code>{instance.sourceKey}</Code>
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">
            Secret values are stored encrypted and never shown.
          </Text>
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
