import { Anchor, Badge, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { PageState } from '../../ui/PageState.js';
import { PersonAssets } from './PersonAssets.js';
import { PersonAttributes } from './PersonAttributes.js';
import { PersonStatusBadge } from './PersonStatusBadge.js';
import { PersonTimeline } from './PersonTimeline.js';
import { EntityActionsCard } from '../connectors/index.js';
import { SourceRecordsCard } from '../ingestion/index.js';
import { usePerson } from './people.api.js';

export function PersonPage() {
  const { id = '' } = useParams();
  const person = usePerson(id);
  return (
    <Stack data-testid="person-page">
      <Breadcrumbs>
        <Anchor component={Link} to="/people" size="sm">
          People
        </Anchor>
        <Text size="sm">{person.data?.name ?? '…'}</Text>
      </Breadcrumbs>
      <PageState isPending={person.isPending} error={person.error} />
      {person.data && (
        <>
          <Group gap="sm">
            <Title order={2} data-testid="person-title">
              {person.data.name}
            </Title>
            <PersonStatusBadge status={person.data.status} />
            {person.data.legalHold && (
              <Badge color="red" variant="filled">
                Legal hold
              </Badge>
            )}
          </Group>
          <PersonAttributes person={person.data} />
          <PersonAssets personId={id} />
          <SourceRecordsCard type="person" id={id} />
          <EntityActionsCard kind="person" entityId={id} entityName={person.data.name} />
          <PersonTimeline personId={id} />
        </>
      )}
    </Stack>
  );
}
