import type { ReactNode } from 'react';
import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Person } from '../../api/records.js';
import { formatDate, formatDateTime, formatValue } from '../../ui/format.js';
import { useLocationNames } from '../locations/index.js';
import { PersonName } from './PersonName.js';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export function PersonAttributes({ person }: { person: Person }) {
  const locations = useLocationNames();
  const custom = Object.entries(person.custom ?? {});
  return (
    <Paper withBorder p="md" data-testid="person-attributes">
      <Stack gap="sm">
        <Title order={4}>Details</Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Field label="Email">{person.email ?? '—'}</Field>
          <Field label="Employee ID">{person.employeeId ?? '—'}</Field>
          <Field label="Department">{person.department ?? '—'}</Field>
          <Field label="Title">{person.title ?? '—'}</Field>
          <Field label="Manager">{person.managerId ? <PersonName id={person.managerId} /> : '—'}</Field>
          <Field label="Location">
            {person.locationId ? (locations.get(person.locationId) ?? person.locationId) : '—'}
          </Field>
          <Field label="Start date">{formatDate(person.startDate)}</Field>
          <Field label="End date">{formatDate(person.endDate)}</Field>
          <Field label="Updated">{formatDateTime(person.updatedAt)}</Field>
          {custom.map(([key, value]) => (
            <Field key={key} label={key}>
              {value === null ? '—' : formatValue(value)}
            </Field>
          ))}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
