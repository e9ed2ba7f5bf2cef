import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, request } from '../../api/client.js';
import {
  isActive,
  type DryRun,
  type PresetSummary,
  type StartRunBody,
  type Workflow,
  type WorkflowDefinition,
  type WorkflowRun,
  type WorkflowSummary,
  type WorkflowTemplate,
} from './workflows.types.js';

const WORKFLOWS = '/api/v1/workflows';
const enc = encodeURIComponent;
/** How often a page showing a running run asks again. */
export const POLL_MS = 1000;

export const workflowKeys = {
  all: ['workflows'] as const,
  list: ['workflows', 'list'] as const,
  one: (id: string) => ['workflows', 'one', id] as const,
  templates: ['workflows', 'templates'] as const,
  text: (id: string, version: number, format: TextFormat) =>
    ['workflows', 'text', id, version, format] as const,
  runs: (id: string, limit: number) => ['workflows', 'runs', id, limit] as const,
  run: (id: string) => ['workflows', 'run', id] as const,
  presets: (q: string) => ['workflows', 'preset-catalog', q] as const,
};

export function useWorkflows() {
  return useQuery({
    queryKey: workflowKeys.list,
    queryFn: () => api.get<{ items: WorkflowSummary[] }>(WORKFLOWS).then((r) => r.items),
  });
}

export function useWorkflow(id: string) {
  return useQuery({
    queryKey: workflowKeys.one(id),
    queryFn: () => api.get<Workflow>(`${WORKFLOWS}/${enc(id)}`),
    enabled: id !== '',
  });
}

export function useTemplates(enabled = true) {
  return useQuery({
    queryKey: workflowKeys.templates,
    queryFn: () => api.get<{ items: WorkflowTemplate[] }>(`${WORKFLOWS}/templates`).then((r) => r.items),
    staleTime: Infinity,
    enabled,
  });
}

function useSaved() {
  const queryClient = useQueryClient();
  return (saved: Workflow) => {
    queryClient.setQueryData(workflowKeys.one(saved.id), saved);
    return queryClient.invalidateQueries({ queryKey: workflowKeys.list });
  };
}

export function useCreateFromTemplate() {
  const saved = useSaved();
  return useMutation({
    mutationFn: (v: { templateId: string; name?: string; parameters: Record<string, string> }) =>
      api.post<Workflow>(`${WORKFLOWS}/templates/${enc(v.templateId)}`, {
        ...(v.name ? { name: v.name } : {}),
        parameters: v.parameters,
      }),
    onSuccess: saved,
  });
}

export function useCreateWorkflow() {
  const saved = useSaved();
  return useMutation({
    mutationFn: (definition: WorkflowDefinition) => api.post<Workflow>(WORKFLOWS, definition),
    onSuccess: saved,
  });
}

export function useSetEnabled() {
  const saved = useSaved();
  return useMutation({
    mutationFn: (v: { id: string; enabled: boolean }) =>
      api.patch<Workflow>(`${WORKFLOWS}/${enc(v.id)}`, { enabled: v.enabled }),
    onSuccess: saved,
  });
}

export type TextFormat = 'yaml' | 'json';

/** A new version: the editor's definition as JSON, or the text tab's JSON or YAML as written. */
export type VersionBody = { definition: WorkflowDefinition } | { text: string; format: TextFormat };

export function useSaveVersion(id: string) {
  const saved = useSaved();
  return useMutation({
    mutationFn: (body: VersionBody) =>
      'definition' in body
        ? api.put<Workflow>(`${WORKFLOWS}/${enc(id)}`, body.definition)
        : request<Workflow>(`${WORKFLOWS}/${enc(id)}`, {
            method: 'PUT',
            file: {
              data: new Blob([body.text]),
              contentType: body.format === 'yaml' ? 'application/yaml' : 'application/json',
            },
          }),
    onSuccess: saved,
  });
}

/** The export is text (YAML or pretty JSON), not a JSON answer, so it is fetched as text. */
async function fetchText(path: string): Promise<string> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (res.ok) return res.text();
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  throw new ApiError(
    body?.error?.code ?? 'http_error',
    res.status,
    body?.error?.message ?? `The server answered ${res.status}.`,
  );
}

export function useExport(id: string, version: number, format: TextFormat) {
  return useQuery({
    queryKey: workflowKeys.text(id, version, format),
    queryFn: () => fetchText(`${WORKFLOWS}/${enc(id)}/export?format=${format}`),
  });
}

const running = (runs: WorkflowRun[] | undefined) => (runs ?? []).some((r) => isActive(r.status));

/** A workflow's runs, newest first; asked again every second while one of them runs. */
export function useRuns(workflowId: string, limit = 50) {
  return useQuery({
    queryKey: workflowKeys.runs(workflowId, limit),
    queryFn: () =>
      api
        .get<{ items: WorkflowRun[] }>(`${WORKFLOWS}/${enc(workflowId)}/runs`, { limit })
        .then((r) => r.items),
    refetchInterval: (q) => (running(q.state.data) ? POLL_MS : false),
  });
}

export function useRun(id: string) {
  return useQuery({
    queryKey: workflowKeys.run(id),
    queryFn: () => api.get<WorkflowRun>(`/api/v1/workflow-runs/${enc(id)}`),
    refetchInterval: (q) => (q.state.data && isActive(q.state.data.status) ? POLL_MS : false),
  });
}

function useRunChanged() {
  const queryClient = useQueryClient();
  return (run: WorkflowRun) => {
    queryClient.setQueryData(workflowKeys.run(run.id), run);
    return queryClient.invalidateQueries({ queryKey: ['workflows', 'runs', run.workflowId] });
  };
}

export function useStartRun(workflowId: string) {
  const changed = useRunChanged();
  return useMutation({
    mutationFn: (body: StartRunBody) => api.post<WorkflowRun>(`${WORKFLOWS}/${enc(workflowId)}/runs`, body),
    onSuccess: changed,
  });
}

/** What a run would do, acting on nothing and recording nothing. */
export function useDryRun(workflowId: string) {
  return useMutation({
    mutationFn: (body: StartRunBody) => api.post<DryRun>(`${WORKFLOWS}/${enc(workflowId)}/dry-run`, body),
  });
}

export function useCancelRun() {
  const changed = useRunChanged();
  return useMutation({
    mutationFn: (id: string) => api.post<WorkflowRun>(`/api/v1/workflow-runs/${enc(id)}/cancel`),
    onSuccess: changed,
  });
}

/** Action presets matching every word of `q`, for the editor's catalog. */
export function usePresetCatalog(q: string) {
  return useQuery({
    queryKey: workflowKeys.presets(q),
    queryFn: () =>
      api
        .get<{ items: PresetSummary[] }>('/api/v1/action-presets', { q: q || undefined })
        .then((r) => r.items),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
