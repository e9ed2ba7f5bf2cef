import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { Preset, PresetBody, PresetRunBody, RunResult } from './presets.types.js';

const PRESETS = '/api/v1/action-presets';
const enc = encodeURIComponent;

export const presetKeys = {
  all: ['action-presets'] as const,
  list: (q: string, connectorId: string) => ['action-presets', 'list', q, connectorId] as const,
  one: (id: string) => ['action-presets', 'one', id] as const,
};

/** Presets whose name, description and connector match every word of `q`. */
export function usePresets(q = '', connectorId = '') {
  return useQuery({
    queryKey: presetKeys.list(q, connectorId),
    queryFn: () =>
      api
        .get<{ items: Preset[] }>(PRESETS, { q: q || undefined, connectorId: connectorId || undefined })
        .then((r) => r.items),
    placeholderData: keepPreviousData,
  });
}

export function usePreset(id: string, enabled = true) {
  return useQuery({
    queryKey: presetKeys.one(id),
    queryFn: () => api.get<Preset>(`${PRESETS}/${enc(id)}`),
    enabled: enabled && id !== '',
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return (saved?: Preset) => {
    if (saved) queryClient.setQueryData(presetKeys.one(saved.id), saved);
    return queryClient.invalidateQueries({ queryKey: [...presetKeys.all, 'list'] });
  };
}

export function useCreatePreset() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: PresetBody) => api.post<Preset>(PRESETS, body),
    onSuccess: (saved) => refresh(saved),
  });
}

export function useUpdatePreset(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: PresetBody) => api.put<Preset>(`${PRESETS}/${enc(id)}`, body),
    onSuccess: (saved) => refresh(saved),
  });
}

export function useDeletePreset() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`${PRESETS}/${enc(id)}`),
    onSuccess: () => refresh(),
  });
}

/** Runs (or dry-runs) a preset; `onRan` lets a page refresh what the run changed. */
export function useRunPreset(id: string, onRan?: () => Promise<unknown>) {
  return useMutation({
    mutationFn: (body: PresetRunBody) => api.post<RunResult>(`${PRESETS}/${enc(id)}/runs`, body),
    onSettled: () => onRan?.(),
  });
}
