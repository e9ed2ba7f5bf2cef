import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { SavedView } from '../../api/records.js';
import type {
  Agent,
  AgentFilter,
  AgentPage,
  AgentStats,
  AgentTask,
  CreatedEnrollmentSecret,
  CreatedTaskRequest,
  EnrollmentSecret,
  TaskRequest,
  TaskRequestBody,
} from './agents.types.js';
import { anyUnfinished, filterQuery, requestActive } from './taskStatus.js';

const enc = encodeURIComponent;
const AGENTS = '/api/v1/agents';
const SECRETS = '/api/v1/agent-enrollment-secrets';
/** How often the live counts and the list are asked again. */
export const STATS_POLL_MS = 3000;
export const LIST_POLL_MS = 5000;
/** How often a request or task history with unfinished tasks is asked again. */
export const TASK_POLL_MS = 1000;

export const agentKeys = {
  all: ['agents'] as const,
  list: (filter: AgentFilter, q: string) => ['agents', 'list', filter, q] as const,
  stats: ['agents', 'stats'] as const,
  forAsset: (assetId: string) => ['agents', 'for-asset', assetId] as const,
  secrets: ['agents', 'secrets'] as const,
  request: (id: string) => ['agents', 'request', id] as const,
  requestTasks: (id: string) => ['agents', 'request-tasks', id] as const,
  assetTasks: (assetId: string) => ['agents', 'asset-tasks', assetId] as const,
  views: ['agents', 'views'] as const,
};

/** Agents a page at a time (cursor), filtered; asked again every few seconds to stay live. */
export function useAgents(filter: AgentFilter, q: string) {
  return useInfiniteQuery({
    queryKey: agentKeys.list(filter, q),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<AgentPage>(AGENTS, { ...filterQuery(filter), q: q || undefined, limit: 50, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: LIST_POLL_MS,
  });
}

export function useAgentStats() {
  return useQuery({
    queryKey: agentKeys.stats,
    queryFn: () => api.get<AgentStats>(`${AGENTS}/stats`),
    refetchInterval: STATS_POLL_MS,
  });
}

/** The agent reporting for an asset (the newest, if it was re-enrolled), or null; kept live. */
export function useAgentForAsset(assetId: string) {
  return useQuery({
    queryKey: agentKeys.forAsset(assetId),
    queryFn: () =>
      api.get<AgentPage>(AGENTS, { assetId, limit: 10 }).then((r) => {
        const active = r.items.filter((a) => a.status === 'active');
        return active[0] ?? r.items[0] ?? null;
      }),
    refetchInterval: STATS_POLL_MS,
  });
}

function useAgentChanged() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: agentKeys.all });
}

export function useCheckin() {
  return useMutation({
    mutationFn: (id: string) =>
      api.post<{ delivered: boolean }>(`${AGENTS}/${enc(id)}/checkin`, { inventory: true }),
  });
}

export function useRevokeAgent() {
  const changed = useAgentChanged();
  return useMutation({
    mutationFn: (id: string) => api.post<Agent>(`${AGENTS}/${enc(id)}/revoke`),
    onSuccess: changed,
  });
}

export function useEnrollmentSecrets() {
  return useQuery({
    queryKey: agentKeys.secrets,
    queryFn: () => api.get<{ items: EnrollmentSecret[] }>(SECRETS).then((r) => r.items),
  });
}

export function useCreateSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; expiresInDays?: number }) =>
      api.post<CreatedEnrollmentSecret>(SECRETS, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentKeys.secrets }),
  });
}

export function useRevokeSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<EnrollmentSecret>(`${SECRETS}/${enc(id)}/revoke`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentKeys.secrets }),
  });
}

export function useCreateTaskRequest() {
  return useMutation({
    mutationFn: (body: TaskRequestBody) => api.post<CreatedTaskRequest>('/api/v1/agent-task-requests', body),
  });
}

/** A request's counts by status, asked every second until none of its tasks is on its way. */
export function useTaskRequest(id: string | null) {
  return useQuery({
    queryKey: agentKeys.request(id ?? ''),
    queryFn: () => api.get<TaskRequest>(`/api/v1/agent-task-requests/${enc(id ?? '')}`),
    enabled: id !== null,
    refetchInterval: (q) => (requestActive(q.state.data) ? TASK_POLL_MS : false),
  });
}

function useTasks(key: readonly unknown[], query: Record<string, string>, enabled = true) {
  return useQuery({
    queryKey: key,
    queryFn: () =>
      api.get<{ items: AgentTask[] }>('/api/v1/agent-tasks', { ...query, limit: 50 }).then((r) => r.items),
    enabled,
    refetchInterval: (q) => (anyUnfinished(q.state.data) ? TASK_POLL_MS : false),
  });
}

/** A request's tasks as their results come back; asked every second while any is unfinished. */
export function useRequestTasks(requestId: string | null) {
  return useTasks(
    agentKeys.requestTasks(requestId ?? ''),
    { requestId: requestId ?? '' },
    requestId !== null,
  );
}

/** A device's task history, newest first; asked every second while any task is unfinished. */
export function useAssetTasks(assetId: string) {
  return useTasks(agentKeys.assetTasks(assetId), { assetId });
}

export function useCancelTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<AgentTask>(`/api/v1/agent-tasks/${enc(id)}/cancel`),
    onSuccess: (task) => queryClient.invalidateQueries({ queryKey: agentKeys.assetTasks(task.assetId) }),
  });
}

/** What a device's fresh inventory may have changed: its record, timeline and twin. */
export function useRefreshAsset() {
  const queryClient = useQueryClient();
  return (assetId: string) =>
    Promise.all(
      [
        ['assets', 'one', assetId],
        ['assets', 'timeline', assetId],
        ['ingestion', 'twin', 'asset', assetId],
        agentKeys.assetTasks(assetId),
        agentKeys.forAsset(assetId),
      ].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
}

export function useSavedViews(enabled: boolean) {
  return useQuery({
    queryKey: agentKeys.views,
    queryFn: () =>
      api.get<{ items: SavedView[] }>('/api/v1/views', { entityType: 'asset' }).then((r) => r.items),
    enabled,
  });
}
