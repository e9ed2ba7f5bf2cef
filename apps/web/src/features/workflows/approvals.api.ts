// The approvals inbox's API: GET /api/v1/approvals?status=pending|decided and POST …/:id/decision.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api/client.js';

export const APPROVAL_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'escalated',
  'cancelled',
] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export type ApprovalFilter = 'pending' | 'decided';

/** A request as GET /api/v1/approvals lists it (apps/server/src/features/workflows/approvals.schemas.ts). */
export interface Approval {
  id: string;
  runId: string;
  workflowId: string;
  workflowName: string;
  stepPath: string;
  title: string;
  /** Which level of a multi-level approval this is: 0 for the first, of `levels`. */
  level: number;
  levels: number;
  /** A level passed on after its first assignee timed out. */
  escalated?: boolean;
  assignee: {
    type: 'person' | 'role' | 'manager';
    personId?: string;
    role?: string;
    name?: string;
    /** `manager` when the person is asked as someone's manager. */
    via?: string;
    /** Why it went to a role instead of a manager. */
    fallback?: string;
  };
  status: ApprovalStatus;
  dueAt: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  comment: string | null;
  subject: { kind: string; id: string; name: string } | null;
  createdAt: string;
  canDecide: boolean;
}

export type Decision = 'approve' | 'reject';

const keys = {
  all: ['approvals'] as const,
  list: (status: ApprovalFilter) => ['approvals', status] as const,
};

export function useApprovals(status: ApprovalFilter) {
  return useQuery({
    queryKey: keys.list(status),
    queryFn: () => api.get<{ items: Approval[] }>('/api/v1/approvals', { status }).then((r) => r.items),
    // New requests arrive as runs reach their approval steps.
    refetchInterval: 15_000,
  });
}

export function useDecide() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; decision: Decision; comment?: string }) =>
      api.post<Approval>(`/api/v1/approvals/${encodeURIComponent(v.id)}/decision`, {
        decision: v.decision,
        ...(v.comment ? { comment: v.comment } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  });
}

/** "Ada Lovelace", "Grace Hopper (manager)", "the admin role". */
export function assigneeLabel(a: Approval['assignee']): string {
  if (a.type === 'role') return `the ${a.role ?? 'admin'} role`;
  const name = a.name ?? a.personId ?? 'a person';
  return a.type === 'manager' || a.via === 'manager' ? `${name} (manager)` : name;
}

/** What a signed approval link decides (GET /api/v1/approval-links/:token, no sign-in). */
export interface ApprovalLink {
  title: string;
  workflowName: string;
  decision: Decision;
  status: ApprovalStatus;
  dueAt: string;
  subject: { kind: string; id: string; name: string } | null;
}

const linkPath = (token: string) => `/api/v1/approval-links/${encodeURIComponent(token)}`;

export function useApprovalLink(token: string) {
  return useQuery({
    queryKey: ['approval-link', token],
    queryFn: () => request<ApprovalLink>(linkPath(token), { redirectOn401: false }),
    retry: false,
  });
}

export function useConfirmLink(token: string) {
  return useMutation({
    mutationFn: (comment: string) =>
      request<void>(linkPath(token), {
        method: 'POST',
        body: comment ? { comment } : {},
        redirectOn401: false,
      }),
  });
}
