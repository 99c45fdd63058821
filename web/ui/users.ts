import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { teamSchema, userSchema } from '../../contracts/users';
import { api } from '../api';

export type UserItem = z.infer<typeof userSchema>;
export type Team = z.infer<typeof teamSchema>;

/**
 * The workspace's users (owners, authors); small and shared by every page, so cached for minutes.
 * `fresh`: a page that manages users' settings (extensions) refetches on opening, since a user
 * added meanwhile (by another admin, or through the API) must be there to be set up.
 */
export function useUsers({ fresh = false }: { fresh?: boolean } = {}) {
  return useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => api.get<{ items: UserItem[] }>('/users', undefined, signal),
    staleTime: 5 * 60_000,
    refetchOnMount: fresh ? 'always' : true,
    select: (d) => d.items,
  });
}

export function useTeams() {
  return useQuery({
    queryKey: ['teams'],
    queryFn: ({ signal }) => api.get<{ items: Team[] }>('/teams', undefined, signal),
    staleTime: 5 * 60_000,
    select: (d) => d.items,
  });
}

/** id -> user name, for owner and author columns. */
export function useUserNames(): Map<string, string> {
  const { data } = useUsers();
  return useMemo(() => new Map((data ?? []).map((u) => [u.id, u.name])), [data]);
}

/** Select options of active users, sorted by name. */
export function useUserOptions() {
  const { data } = useUsers();
  return useMemo(
    () =>
      (data ?? [])
        .filter((u) => u.isActive)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((u) => ({ value: u.id, label: u.name })),
    [data],
  );
}
