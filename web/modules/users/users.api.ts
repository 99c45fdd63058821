import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import type { UserItem } from '../../ui/users';

/** What the admin's user form sends: a new user, or the changed profile of one (a password only when given). */
export type UserBody = {
  email?: string;
  name: string;
  password?: string;
  role: UserItem['role'];
  teamId?: string | null;
  isActive?: boolean;
};

/** Creates a user, or saves `editing`; every list of users (owners, authors) refreshes. */
export function useSaveUser(editing: UserItem | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UserBody) => (editing ? api.patch(`/users/${editing.id}`, body) : api.post('/users', body)),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
}

/** Creates a team, optionally with its lead. */
export function useCreateTeam() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; leadId?: string }) => api.post('/teams', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['teams'] }),
  });
}
