import { useEffect } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type {
  ActionExecution,
  ActionRequest,
  CatalogEntry,
  CreateInstanceInput,
  EntityActions,
  EntityKind,
  Instance,
  Run,
  RunError,
  TestResult,
  UpdateInstanceInput,
} from './connectors.types.js';

const INSTANCES = '/api/v1/connector-instances';
const enc = encodeURIComponent;

export const connectorKeys = {
  catalog: (q: string) => ['connector-catalog', q] as const,
  instances: () => ['connector-instances'] as const,
  instance: (id: string) => ['connector-instances', 'one', id] as const,
  runs: (instanceId: string) => ['connector-runs', 'of', instanceId] as const,
  run: (id: string) => ['connector-runs', 'one', id] as const,
  runErrors: (id: string) => ['connector-runs', 'errors', id] as const,
  entityActions: (entityId: string) => ['connector-actions', 'for', entityId] as const,
  history: (targetId: string) => ['connector-actions', 'history', targetId] as const,
};

export const isActive = (run: Pick<Run, 'status'> | null | undefined): boolean =>
  run?.status === 'queued' || run?.status === 'running';

/** The connector catalog; `q` matches titles, categories and action names on the server. */
export function useCatalog(q = '') {
  return useQuery({
    queryKey: connectorKeys.catalog(q),
    queryFn: () =>
      api.get<{ items: CatalogEntry[] }>('/api/v1/connectors/catalog', { q }).then((r) => r.items),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

/** One catalog entry by connector id (from the cached unfiltered catalog). */
export function useCatalogEntry(connectorId: string | undefined) {
  const catalog = useCatalog('');
  return { ...catalog, entry: catalog.data?.find((e) => e.id === connectorId) };
}

export function useInstances() {
  return useQuery({
    queryKey: connectorKeys.instances(),
    queryFn: () => api.get<{ items: Instance[] }>(INSTANCES).then((r) => r.items),
  });
}

export function useInstance(id: string) {
  return useQuery({
    queryKey: connectorKeys.instance(id),
    queryFn: () => api.get<Instance>(`${INSTANCES}/${enc(id)}`),
  });
}

function useRefreshInstances() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: connectorKeys.instances() });
}

export function useCreateInstance() {
  const refresh = useRefreshInstances();
  return useMutation({
    mutationFn: (input: CreateInstanceInput) => api.post<Instance>(INSTANCES, input),
    onSuccess: refresh,
  });
}

export function useUpdateInstance(id: string) {
  const queryClient = useQueryClient();
  const refresh = useRefreshInstances();
  return useMutation({
    mutationFn: (input: UpdateInstanceInput) => api.patch<Instance>(`${INSTANCES}/${enc(id)}`, input),
    onSuccess: async (saved) => {
      queryClient.setQueryData(connectorKeys.instance(id), saved);
      await refresh();
    },
  });
}

export function useDeleteInstance() {
  const refresh = useRefreshInstances();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`${INSTANCES}/${enc(id)}`),
    onSuccess: refresh,
  });
}

export function useTestConnection(id: string) {
  return useMutation({
    mutationFn: () => api.post<TestResult>(`${INSTANCES}/${enc(id)}/test`),
  });
}

/** Sync now: the queued run becomes the instance's last run, which the pages then follow live. */
export function useSyncNow(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Run>(`${INSTANCES}/${enc(id)}/syncs`),
    onSuccess: async (run) => {
      queryClient.setQueryData<Instance>(connectorKeys.instance(id), (i) => (i ? { ...i, lastRun: run } : i));
      queryClient.setQueryData<Instance[]>(connectorKeys.instances(), (list) =>
        list?.map((i) => (i.id === id ? { ...i, lastRun: run } : i)),
      );
      await queryClient.invalidateQueries({ queryKey: connectorKeys.runs(id) });
    },
  });
}

export function useRuns(instanceId: string) {
  return useQuery({
    queryKey: connectorKeys.runs(instanceId),
    queryFn: () =>
      api.get<{ items: Run[] }>(`${INSTANCES}/${enc(instanceId)}/runs`, { limit: 25 }).then((r) => r.items),
  });
}

export function useRunErrors(runId: string) {
  return useQuery({
    queryKey: connectorKeys.runErrors(runId),
    queryFn: () =>
      api.get<{ items: RunError[] }>(`/api/v1/connector-runs/${enc(runId)}/errors`).then((r) => r.items),
  });
}

export const POLL_MS = 1_000;

/**
 * A run as it is now: while it is queued or running, polled every second until it finishes; then the
 * instance, its list row and its history are refreshed. A finished run is returned as given.
 */
export function useLiveRun(run: Run | null): Run | null {
  const queryClient = useQueryClient();
  const id = run?.id ?? '';
  const active = isActive(run);
  const live = useQuery({
    queryKey: connectorKeys.run(id),
    queryFn: () => api.get<Run>(`/api/v1/connector-runs/${enc(id)}`),
    enabled: active,
    refetchInterval: (q) => (q.state.data && !isActive(q.state.data) ? false : POLL_MS),
  });
  const liveStatus = live.data?.status;
  const instanceId = run?.instanceId;
  useEffect(() => {
    if (!active || !instanceId || !liveStatus || isActive({ status: liveStatus })) return;
    void Promise.all([
      queryClient.invalidateQueries({ queryKey: connectorKeys.instances() }),
      queryClient.invalidateQueries({ queryKey: connectorKeys.runs(instanceId) }),
    ]);
  }, [active, liveStatus, instanceId, queryClient]);
  if (!run) return null;
  return active && live.data?.id === run.id ? live.data : run;
}

/** The connector instances that report an entity, with the actions each can run on it. */
export function useEntityActions(entityId: string) {
  return useQuery({
    queryKey: connectorKeys.entityActions(entityId),
    queryFn: () =>
      api
        .get<{ items: EntityActions[] }>(`/api/v1/entities/${enc(entityId)}/connector-actions`)
        .then((r) => r.items),
  });
}

export function useActionHistory(targetId: string) {
  return useQuery({
    queryKey: connectorKeys.history(targetId),
    queryFn: () =>
      api
        .get<{ items: ActionExecution[] }>('/api/v1/connector-actions', { targetId, limit: 25 })
        .then((r) => r.items),
  });
}

/** What an action on an entity may have changed besides its history: its record, timeline and twin. */
export function entityKeys(kind: EntityKind, id: string): (readonly unknown[])[] {
  const own: readonly unknown[][] =
    kind === 'asset'
      ? [
          ['assets', 'one', id],
          ['assets', 'timeline', id],
        ]
      : [
          ['people', 'one', id],
          ['people', 'timeline', id],
        ];
  return [connectorKeys.history(id), ...own, ['ingestion', 'twin', kind, id]];
}

export function useRunAction(targetId: string, kind: EntityKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ instanceId, action, body }: { instanceId: string; action: string; body: ActionRequest }) =>
      api.post<ActionExecution>(`${INSTANCES}/${enc(instanceId)}/actions/${enc(action)}`, body),
    // A failed dispatch is in the history too (the server records it before answering 502). What the action
    // taught the connector comes back as an observation, and the audit names the entity.
    onSettled: () =>
      Promise.all(entityKeys(kind, targetId).map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}
