import { Badge, Code, Group, Paper, Spoiler, Stack, Table, Text, Title } from '@mantine/core';
import { toJson, WRAP } from './editorDraft.js';
import type { Preset, PresetRequestTemplate } from './presets.types.js';

function Pairs({ label, values }: { label: string; values: Record<string, string> }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  return (
    <Text size="xs" c="dimmed">
      {label}:{' '}
      {entries.map(([k, v]) => (
        <Code key={k} mr={6}>
          {k}: {v}
        </Code>
      ))}
    </Text>
  );
}

function RequestTemplate({ request, index }: { request: PresetRequestTemplate; index: number }) {
  return (
    <Paper withBorder p="sm" data-testid="preset-request" data-name={request.name}>
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {index + 1}. {request.name}
          </Text>
          <Badge size="sm" variant="light" data-testid="preset-request-method">
            {request.method}
          </Badge>
          <Code style={WRAP} data-testid="preset-request-url">
            {request.url}
          </Code>
        </Group>
        <Pairs label="Query" values={request.query} />
        <Pairs label="Headers" values={request.headers} />
        {request.body && (
          <Code block style={WRAP} data-testid="preset-request-body">
            {request.body}
          </Code>
        )}
        {request.expect && (
          <Text size="xs" c="dimmed">
            Succeeds on {request.expect.join(', ')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** What a preset asks for, the requests it sends, what it returns, and its whole definition. */
export function PresetDetails({ preset }: { preset: Preset }) {
  const { inputs, requests, output } = preset.definition;
  return (
    <Stack data-testid="preset-details">
      <Stack gap="xs">
        <Title order={5}>Inputs</Title>
        {inputs.length === 0 ? (
          <Text size="sm" c="dimmed">
            None.
          </Text>
        ) : (
          <Table withTableBorder data-testid="preset-inputs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Label</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Rule</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {inputs.map((i) => (
                <Table.Tr key={i.name} data-testid="preset-input-row" data-name={i.name}>
                  <Table.Td>
                    <Code>{i.name}</Code>
                  </Table.Td>
                  <Table.Td>{i.label}</Table.Td>
                  <Table.Td>
                    {i.type}
                    {i.required ? ', required' : ''}
                  </Table.Td>
                  <Table.Td>
                    {i.pattern && <Code>{i.pattern}</Code>}
                    {i.options && i.options.join(' | ')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={5}>Requests</Title>
        {requests.map((r, i) => (
          <RequestTemplate key={r.name} request={r} index={i} />
        ))}
      </Stack>
      <Stack gap="xs">
        <Title order={5}>Output</Title>
        {output ? (
          <Code block style={WRAP} data-testid="preset-output">
            {output}
          </Code>
        ) : (
          <Text size="sm" c="dimmed">
            The last response’s body.
          </Text>
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={5}>Definition</Title>
        <Spoiler maxHeight={160} showLabel="Show all" hideLabel="Show less">
          <Code block style={WRAP} data-testid="preset-definition">
            {toJson(preset.definition)}
          </Code>
        </Spoiler>
      </Stack>
    </Stack>
  );
}
