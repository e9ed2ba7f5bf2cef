import { Fragment } from 'react';
import { Badge, Button, Code, Table, Text } from '@mantine/core';
import type { AuditEvent } from '../../../api/types.js';
import { formatDateTime, formatValue } from '../../../ui/format.js';

export const AUDIT_COLUMNS = 5;

function ChangesTable({ changes }: { changes: AuditEvent['changes'] }) {
  return (
    <Table withTableBorder fz="xs" data-testid="audit-changes">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Field</Table.Th>
          <Table.Th>Before</Table.Th>
          <Table.Th>After</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {Object.entries(changes).map(([field, c]) => (
          <Table.Tr key={field}>
            <Table.Td>
              <Code>{field}</Code>
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-all' }}>{formatValue(c.before)}</Table.Td>
            <Table.Td style={{ wordBreak: 'break-all' }}>{formatValue(c.after)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function AuditRow({
  event,
  expanded,
  onToggle,
}: {
  event: AuditEvent;
  expanded: boolean;
  onToggle: () => void;
}) {
  const fields = Object.keys(event.changes).length;
  return (
    <Fragment>
      <Table.Tr data-testid="audit-row" data-action={event.action}>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.at)}</Table.Td>
        <Table.Td>
          <Text size="sm">{event.actor.name}</Text>
          <Badge size="xs" variant="light" color="gray">
            {event.actor.type}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Code>{event.action}</Code>
          {event.reason && (
            <Text size="xs" c="dimmed" data-testid="audit-reason">
              {event.reason}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          {event.target.type}
          {event.target.id && (
            <Text span c="dimmed" size="xs">
              {' '}
              {event.target.id}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          {fields === 0 ? (
            <Text c="dimmed" size="sm">
              —
            </Text>
          ) : (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={onToggle}
              aria-expanded={expanded}
              data-testid="audit-toggle"
            >
              {expanded ? 'Hide' : 'Show'} {fields} {fields === 1 ? 'field' : 'fields'}
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
      {expanded && (
        <Table.Tr>
          <Table.Td colSpan={AUDIT_COLUMNS}>
            <ChangesTable changes={event.changes} />
            {event.requestId && (
              <Text size="xs" c="dimmed" mt={4}>
                Request {event.requestId}
              </Text>
            )}
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}
