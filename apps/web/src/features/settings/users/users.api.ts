import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Member, Role } from '../../../api/types.js';

const USERS_KEY = ['users'] as const;

export interface CreateMemberInput {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export function useMembers() {
  return useQuery({
    queryKey: USERS_KEY,
    queryFn: () => api.get<{ items: Member[] }>('/api/v1/users').then((r) => r.items),
  });
}

function useUsersMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export function useCreateMember() {
  return useUsersMutation((input: CreateMemberInput) => api.post<Member>('/api/v1/users', input));
}

export function useChangeRole() {
  return useUsersMutation(({ id, role }: { id: string; role: Role }) =>
    api.patch<Member>(`/api/v1/users/${encodeURIComponent(id)}`, { role }),
  );
}

export function useRemoveMember() {
  return useUsersMutation((id: string) => api.delete<void>(`/api/v1/users/${encodeURIComponent(id)}`));
}
