import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router-dom';
import type { Person } from '../../api/records.js';
import { PersonStatusBadge } from './PersonStatusBadge.js';

export function PeopleTable({ people }: { people: Person[] }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table withTableBorder highlightOnHover data-testid="people-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Department</Table.Th>
            <Table.Th>Title</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {people.map((p) => (
            <Table.Tr
              key={p.id}
              data-testid="person-row"
              data-person-id={p.id}
              data-person-name={p.name}
              style={{ cursor: 'pointer' }}
              onClick={() => void navigate(`/people/${encodeURIComponent(p.id)}`)}
            >
              <Table.Td>
                <Anchor component={Link} to={`/people/${encodeURIComponent(p.id)}`} size="sm">
                  {p.name}
                </Anchor>
                {p.legalHold && (
                  <Badge ml="xs" size="xs" color="red" variant="light">
                    Legal hold
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{p.email ?? <Text c="dimmed">—</Text>}</Table.Td>
              <Table.Td>{p.department ?? '—'}</Table.Td>
              <Table.Td>{p.title ?? '—'}</Table.Td>
              <Table.Td>
                <PersonStatusBadge status={p.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
