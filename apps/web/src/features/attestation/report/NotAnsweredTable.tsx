import { useState } from 'react';
import {
  Anchor,
  Button,
  Center,
  CopyButton,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link } from 'react-router-dom';
import type { NotAnswered } from '../../../api/attestation.js';

const STEP = 100;

function matches(p: NotAnswered, q: string): boolean {
  const s = q.trim().toLowerCase();
  return s === '' || p.name.toLowerCase().includes(s) || (p.email ?? '').toLowerCase().includes(s);
}

/** Who has not answered yet, how often they were reminded, and their link to send them by hand. */
export function NotAnsweredTable({ people, open }: { people: NotAnswered[]; open: boolean }) {
  const [q, setQ] = useState('');
  const [limit, setLimit] = useState(STEP);
  const found = people.filter((p) => matches(p, q));
  const shown = found.slice(0, limit);
  return (
    <Paper withBorder p="md" data-testid="not-answered">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Title order={4}>Not answered ({people.length})</Title>
          {people.length > 10 && (
            <TextInput
              placeholder="Find a person by name or email"
              value={q}
              onChange={(e) => {
                setQ(e.currentTarget.value);
                setLimit(STEP);
              }}
              w={300}
              data-testid="not-answered-search"
            />
          )}
        </Group>
        {people.length === 0 ? (
          <Text c="dimmed" size="sm" data-testid="not-answered-empty">
            Everyone has answered.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={680}>
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Assets</Table.Th>
                  <Table.Th>Reminders sent</Table.Th>
                  <Table.Th aria-label="Link" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((p) => (
                  <Table.Tr
                    key={p.personId}
                    data-testid="not-answered-row"
                    data-person-id={p.personId}
                    data-person-name={p.name}
                  >
                    <Table.Td>
                      <Anchor component={Link} to={`/people/${encodeURIComponent(p.personId)}`} size="sm">
                        {p.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{p.email ?? '—'}</Table.Td>
                    <Table.Td>{p.assets}</Table.Td>
                    <Table.Td data-testid="reminders-sent">{p.remindersSent}</Table.Td>
                    <Table.Td>
                      {open && (
                        <CopyButton value={p.link}>
                          {({ copied, copy }) => (
                            <Button
                              size="xs"
                              variant="light"
                              color={copied ? 'teal' : undefined}
                              onClick={copy}
                              title={p.link}
                              data-testid="copy-link"
                              data-link={p.link}
                            >
                              {copied ? 'Copied' : 'Copy link'}
                            </Button>
                          )}
                        </CopyButton>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {found.length > shown.length && (
          <Center>
            <Button
              variant="default"
              onClick={() => setLimit((l) => l + STEP)}
              data-testid="not-answered-more"
            >
              Show {Math.min(STEP, found.length - shown.length)} more of {found.length - shown.length}
            </Button>
          </Center>
        )}
        {people.length > 0 && found.length === 0 && (
          <Text c="dimmed" size="sm">
            Nobody matches “{q.trim()}”.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
