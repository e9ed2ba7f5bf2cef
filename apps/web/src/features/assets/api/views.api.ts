import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { AssetQuery, SavedView } from '../../../api/records.js';

const VIEWS_KEY = ['views', 'asset'] as const;

export type ViewQuery = Omit<AssetQuery, 'cursor'>;

export function useViews() {
  return useQuery({
    queryKey: VIEWS_KEY,
    queryFn: () =>
      api.get<{ items: SavedView[] }>('/api/v1/views', { entityType: 'asset' }).then((r) => r.items),
  });
}

function viewPath(id: string): string {
  return `/api/v1/views/${encodeURIComponent(id)}`;
}

export function useCreateView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; query: ViewQuery }) =>
      api.post<SavedView>('/api/v1/views', { name: input.name, entityType: 'asset', query: input.query }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}

export function useUpdateView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; name?: string; query?: ViewQuery }) =>
      api.put<SavedView>(viewPath(input.id), {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.query !== undefined ? { query: input.query } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}

export function useDeleteView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(viewPath(id)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}
