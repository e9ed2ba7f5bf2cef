import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { AssetPage, Person, PersonStatus } from '../../api/records.js';
import type { AuditEvent, Page } from '../../api/types.js';

export const PEOPLE_KEY = ['people'] as const;
const PAGE_SIZE = 50;

export interface PeopleFilters {
  q: string;
  status: PersonStatus | '';
}

export function usePeople(filters: PeopleFilters) {
  return useInfiniteQuery({
    queryKey: [...PEOPLE_KEY, 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<Page<Person>>('/api/v1/people', {
        q: filters.q.trim() || undefined,
        status: filters.status || undefined,
        limit: PAGE_SIZE,
        cursor: pageParam,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function personPath(id: string): string {
  return `/api/v1/people/${encodeURIComponent(id)}`;
}

export function usePerson(id: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: [...PEOPLE_KEY, 'one', id],
    queryFn: () => api.get<Person>(personPath(id!)),
    enabled: Boolean(id) && enabled,
    staleTime: 5 * 60_000,
  });
}

/** Up to 20 people whose name or email starts with q, for pickers. */
export function usePersonSearch(q: string) {
  return useQuery({
    queryKey: [...PEOPLE_KEY, 'search', q.trim()],
    queryFn: () =>
      api.get<Page<Person>>('/api/v1/people', { q: q.trim() || undefined, limit: 20 }).then((r) => r.items),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export interface CreatePersonInput {
  name: string;
  email?: string;
  employeeId?: string;
  department?: string;
  title?: string;
  locationId?: string;
  status?: PersonStatus;
  startDate?: string;
}

export function useCreatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePersonInput) => api.post<Person>('/api/v1/people', input),
    onSuccess: (person) => {
      queryClient.setQueryData([...PEOPLE_KEY, 'one', person.id], person);
      return queryClient.invalidateQueries({ queryKey: [...PEOPLE_KEY, 'list'] });
    },
  });
}

export function usePersonTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: [...PEOPLE_KEY, 'timeline', id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<Page<AuditEvent>>(`${personPath(id)}/timeline`, { limit: 50, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

const PERSON_ASSET_FIELDS = ['name', 'assetTag', 'serialNumber', 'deviceType', 'model', 'lifecycleState'];

/** The assets a person holds: an asset search on assignedPersonId. Keyed under "assets" so asset changes refresh it. */
export function usePersonAssets(personId: string) {
  return useInfiniteQuery({
    queryKey: ['assets', 'of-person', personId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.post<AssetPage>('/api/v1/assets/search', {
        filters: [{ field: 'assignedPersonId', op: 'eq', value: personId }],
        sort: { field: 'name', direction: 'asc' },
        limit: 50,
        fields: PERSON_ASSET_FIELDS,
        count: pageParam === undefined,
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
