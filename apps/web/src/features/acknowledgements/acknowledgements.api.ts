import { useMutation, useQuery } from '@tanstack/react-query';
import { request } from '../../api/client.js';

export interface AcknowledgementView {
  asset: { name: string | null; model: string | null; serialNumber: string | null; assetTag: string | null };
  person: { name: string } | null;
  assignedAt: string;
}

function path(token: string): string {
  return `/api/v1/acknowledgements/${encodeURIComponent(token)}`;
}

/** Public (no sign-in): what the one-time link asks the assignee to confirm. */
export function useAcknowledgement(token: string) {
  return useQuery({
    queryKey: ['acknowledgement', token],
    queryFn: () => request<AcknowledgementView>(path(token), { redirectOn401: false }),
    retry: false,
  });
}

export function useAcknowledge(token: string) {
  return useMutation({
    mutationFn: () => request<void>(path(token), { method: 'POST', redirectOn401: false }),
  });
}
