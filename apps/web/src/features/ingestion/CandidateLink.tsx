import { Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.js';

interface Named {
  name?: string | null;
  serialNumber?: string | null;
  hostname?: string | null;
  email?: string | null;
}

/** A candidate entity of a review item, by its name, linking to its page. */
export function CandidateLink({ type, id }: { type: 'asset' | 'person'; id: string }) {
  const path = type === 'asset' ? `/assets/${encodeURIComponent(id)}` : `/people/${encodeURIComponent(id)}`;
  // Same cache key as the asset page's own query, so a name loaded once is shared.
  const entity = useQuery({
    queryKey: type === 'asset' ? ['assets', 'one', id] : ['people', 'one', id],
    queryFn: () => api.get<Named>(`/api/v1${path}`),
  });
  const d = entity.data;
  const label = d ? (d.name ?? d.hostname ?? d.serialNumber ?? d.email ?? id) : entity.isError ? 'Gone' : '…';
  return (
    <Anchor component={Link} to={path} size="sm" data-testid="candidate-link" data-entity-id={id}>
      {label}
      {d?.serialNumber ? ` (${d.serialNumber})` : ''}
    </Anchor>
  );
}
