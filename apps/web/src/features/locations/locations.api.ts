import { useMemo } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { Location } from '../../api/records.js';

const LOCATIONS_KEY = ['locations'] as const;

/** Every location of the tenant (a short list: offices, warehouses, repair shops). */
export function useLocations() {
  return useQuery({
    queryKey: LOCATIONS_KEY,
    queryFn: () => api.get<{ items: Location[] }>('/api/v1/locations').then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function useLocationNames(): ReadonlyMap<string, string> {
  const { data } = useLocations();
  return useMemo(() => new Map((data ?? []).map((l) => [l.id, l.name])), [data]);
}

export function useCreateLocation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; address?: string }) => api.post<Location>('/api/v1/locations', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: LOCATIONS_KEY }),
  });
}
