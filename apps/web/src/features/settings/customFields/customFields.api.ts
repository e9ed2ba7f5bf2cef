import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { CustomField, CustomFieldEntity, CustomFieldType } from '../../../api/records.js';

// The same key the Assets page reads its custom fields under, so a change here shows there at once.
const KEY = ['custom-fields'] as const;

export interface CreateCustomFieldInput {
  entityType: CustomFieldEntity;
  key: string;
  label: string;
  type: CustomFieldType;
  values?: string[];
  required: boolean;
  description?: string;
}

export function useCustomFieldList(entityType: CustomFieldEntity) {
  return useQuery({
    queryKey: [...KEY, entityType],
    queryFn: () =>
      api.get<{ items: CustomField[] }>('/api/v1/custom-fields', { entityType }).then((r) => r.items),
  });
}

export function useCreateCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateCustomFieldInput) => api.post<CustomField>('/api/v1/custom-fields', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`/api/v1/custom-fields/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}
