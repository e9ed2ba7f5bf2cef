import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api/client.js';
import type {
  AttestationAnswer,
  AttestationCampaign,
  AttestationView,
  CampaignReport,
  CreateCampaignInput,
} from '../../api/attestation.js';
import type { AssetFilter, AssetPage } from '../../api/records.js';

const CAMPAIGNS_KEY = ['attestation', 'campaigns'] as const;

function campaignPath(id: string): string {
  return `/api/v1/attestations/campaigns/${encodeURIComponent(id)}`;
}

export function useCampaigns() {
  return useQuery({
    queryKey: CAMPAIGNS_KEY,
    queryFn: () =>
      api.get<{ items: AttestationCampaign[] }>('/api/v1/attestations/campaigns').then((r) => r.items),
  });
}

/** Answers arrive while the report is open: it refreshes itself every half minute (and on demand). */
export function useCampaignReport(id: string) {
  return useQuery({
    queryKey: [...CAMPAIGNS_KEY, 'report', id],
    queryFn: () => api.get<CampaignReport>(`${campaignPath(id)}/report`),
    refetchInterval: 30_000,
  });
}

export function useCreateCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateCampaignInput) =>
      api.post<AttestationCampaign>('/api/v1/attestations/campaigns', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CAMPAIGNS_KEY }),
  });
}

export function useCloseCampaign(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<AttestationCampaign>(`${campaignPath(id)}/close`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CAMPAIGNS_KEY }),
  });
}

/** How many assigned assets a campaign with these filters would ask about. */
function countAssigned(filters: AssetFilter[], signal: AbortSignal): Promise<number> {
  return request<AssetPage>('/api/v1/assets/search', {
    method: 'POST',
    body: {
      filters: [...filters, { field: 'assignedPersonId', op: 'exists', value: true }],
      sort: { field: 'name', direction: 'asc' },
      limit: 1,
      fields: ['name'],
      count: true,
    },
    signal,
  }).then((r) => r.total ?? 0);
}

/** The count as a preview while a campaign is set up. */
export function useAssignedCount(filters: AssetFilter[], enabled: boolean) {
  return useQuery<number>({
    queryKey: ['assets', 'assigned-count', filters],
    enabled,
    queryFn: ({ signal }) => countAssigned(filters, signal),
    placeholderData: keepPreviousData,
  });
}

function respondPath(token: string): string {
  return `/api/v1/attestations/respond/${encodeURIComponent(token)}`;
}

/** Public (no sign-in): the assets a person's link asks them to confirm. */
export function useAttestation(token: string) {
  return useQuery({
    queryKey: ['attestation', 'respond', token],
    queryFn: () => request<AttestationView>(respondPath(token), { redirectOn401: false }),
    retry: false,
  });
}

export function useRespond(token: string) {
  return useMutation({
    mutationFn: (responses: AttestationAnswer[]) =>
      request<void>(respondPath(token), { method: 'POST', body: { responses }, redirectOn401: false }),
  });
}
