import { useEffect, useState } from 'react';
import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { usePerson } from './people.api.js';

/**
 * A person's name linking to their page, loaded by id (and cached). With `lazy`, the lookup waits a moment,
 * so rows flying past in a fast scroll do not each fetch a person.
 */
export function PersonName({
  id,
  lazy = false,
  link = true,
}: {
  id: string | null | undefined;
  lazy?: boolean;
  link?: boolean;
}) {
  const [ready, setReady] = useState(!lazy);
  useEffect(() => {
    if (ready) return;
    const timer = setTimeout(() => setReady(true), 150);
    return () => clearTimeout(timer);
  }, [ready]);
  const person = usePerson(id, ready);
  if (!id)
    return (
      <Text span c="dimmed" size="sm">
        —
      </Text>
    );
  const name = person.data?.name ?? (person.isError ? 'Unknown person' : '…');
  if (!link) return <span data-testid="person-name">{name}</span>;
  return (
    <Anchor
      component={Link}
      to={`/people/${encodeURIComponent(id)}`}
      size="sm"
      onClick={(e) => e.stopPropagation()}
      data-testid="person-name"
    >
      {name}
    </Anchor>
  );
}
