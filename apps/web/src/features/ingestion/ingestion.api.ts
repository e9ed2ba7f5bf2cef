import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';

export type Value = string | number | boolean | null;

export interface Candidate {
  value: Value;
  recordId: string;
  sourceId: string;
  sourceType: string;
  observedAt: string;
  stale: boolean;
}

export interface Provenance {
  value?: Value;
  recordId: string;
  sourceId?: string;
  sourceType?: string;
  observedAt: string;
  stale?: boolean;
  cleared?: boolean;
}

export interface SourceRecord {
  id: string;
  source: { id: string; key: string; name: string; type: string };
  recordKey: string;
  kind: string;
  observedAt: string;
  lastSeenAt: string;
  missingSince: string | null;
  identifiers: Record<string, unknown>;
  attributes: Record<string, unknown>;
}

export interface Twin {
  entityId: string;
  entityType: 'asset' | 'person';
  provenance: Record<string, Provenance>;
  conflicts: Record<string, Candidate[]>;
  orphaned: boolean;
  records: SourceRecord[];
}

export interface ReviewItem {
  id: string;
  status: string;
  entityType: 'asset' | 'person';
  reason: string;
  record: {
    id: string;
    source: string;
    recordKey: string;
    observedAt: string;
    identifiers: Record<string, unknown>;
    attributes: Record<string, unknown>;
  };
  candidates: { entityId: string; values: string[] }[];
  createdAt: string;
}

export type Resolution =
  { action: 'link'; entityId: string } | { action: 'keep_apart' } | { action: 'merge'; survivorId: string };

export interface IngestionSettings {
  precedence: Record<string, string[]>;
  overrides: Record<string, string[]>;
  identification: {
    weakKeys: boolean;
    macSharedLimit: number;
    extraJunkSerials: string[];
    ignoredMacPrefixes: string[];
  };
}

const INGESTION_KEY = ['ingestion'] as const;
const keys = {
  twin: (type: string, id: string) => [...INGESTION_KEY, 'twin', type, id] as const,
  review: (status: string) => [...INGESTION_KEY, 'review', status] as const,
  settings: () => [...INGESTION_KEY, 'settings'] as const,
};

const base = (type: 'asset' | 'person') => (type === 'asset' ? '/api/v1/assets' : '/api/v1/people');

/** Where an asset's or a person's values came from: provenance, conflicts and the raw source records. */
export function useTwin(type: 'asset' | 'person', id: string) {
  return useQuery({
    queryKey: keys.twin(type, id),
    queryFn: () => api.get<Twin>(`${base(type)}/${encodeURIComponent(id)}/twin`),
  });
}

export function useReviewItems(status = 'open') {
  return useQuery({
    queryKey: keys.review(status),
    queryFn: () =>
      api
        .get<{ items: ReviewItem[] }>(`/api/v1/review-items?status=${encodeURIComponent(status)}`)
        .then((r) => r.items),
  });
}

export function useResolveReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, resolution }: { id: string; resolution: Resolution }) =>
      api.post<{ id: string; status: string; entityId: string }>(
        `/api/v1/review-items/${encodeURIComponent(id)}/resolve`,
        resolution,
      ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: INGESTION_KEY }),
        queryClient.invalidateQueries({ queryKey: ['assets'] }),
      ]),
  });
}

export function useIngestionSettings() {
  return useQuery({
    queryKey: keys.settings(),
    queryFn: () => api.get<IngestionSettings>('/api/v1/ingestion/settings'),
  });
}

export function useSaveIngestionSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      precedence: Record<string, string[]>;
      identification: IngestionSettings['identification'];
    }) => api.put<IngestionSettings>('/api/v1/ingestion/settings', input),
    onSuccess: (saved) => queryClient.setQueryData(keys.settings(), saved),
  });
}
