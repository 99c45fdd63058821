import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { dashboardResponse, reassignResponse, staleContactSchema } from '../../../contracts/control';
import { api, type Query } from '../../api';
import type { MutationCallbacks } from '../../lib/mutations';

export type Dashboard = z.infer<typeof dashboardResponse>;
export type StaleContact = z.infer<typeof staleContactSchema>;
export type ReassignResult = z.infer<typeof reassignResponse>;

export function useDashboard(query: Query) {
  return useQuery({
    queryKey: ['control', 'dashboard', query],
    queryFn: ({ signal }) => api.get<Dashboard>('/control/dashboard', query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 120_000,
  });
}

/**
 * Recomputes the dashboards on screen now. The server serves them from a 30-second cache; after
 * the head changes something (capacity, reassignment) the figures must show it at once.
 */
export function useRefreshDashboard() {
  const qc = useQueryClient();
  return async () => {
    const queries = qc.getQueryCache().findAll({ queryKey: ['control', 'dashboard'] });
    await Promise.all(
      queries.map(async (q) => {
        const params = (q.queryKey[2] ?? {}) as Query;
        qc.setQueryData(q.queryKey, await api.get<Dashboard>('/control/dashboard', { ...params, fresh: true }));
      }),
    );
  };
}

export function useStaleContacts(query: Query) {
  return useQuery({
    queryKey: ['control', 'stale', query],
    queryFn: ({ signal }) => api.get<{ items: StaleContact[]; nextCursor: string | null }>('/control/stale-contacts', query, signal),
    placeholderData: keepPreviousData,
  });
}

/** Sets a manager's contact cap (null: no cap); the dashboards, stale contacts and users show it at once. */
export function useSetCapacity(userId: string, on: MutationCallbacks<void> = {}) {
  const qc = useQueryClient();
  const refreshDashboard = useRefreshDashboard();
  return useMutation({
    mutationFn: (capacity: number | null) => api.patch<void>(`/control/capacity/${userId}`, { capacity }),
    onSuccess: async () => {
      await refreshDashboard();
      await qc.invalidateQueries({ queryKey: ['control', 'stale'] });
      await qc.invalidateQueries({ queryKey: ['users'] });
      await on.onSuccess?.();
    },
    onError: on.onError,
  });
}

/** Hands contacts to other managers (chosen ones, or all, balanced by free capacity). */
export function useReassignContacts(on: MutationCallbacks<ReassignResult> = {}) {
  const qc = useQueryClient();
  const refreshDashboard = useRefreshDashboard();
  return useMutation({
    mutationFn: ({ contactIds, toUserIds }: { contactIds: string[]; toUserIds?: string[] }) =>
      api.post<ReassignResult>('/control/reassign', { contactIds, strategy: 'balance', ...(toUserIds ? { toUserIds } : {}) }),
    onSuccess: async (r) => {
      await on.onSuccess?.(r);
      void refreshDashboard();
      void qc.invalidateQueries({ queryKey: ['control', 'stale'] });
      void qc.invalidateQueries({ queryKey: ['contacts'] });
    },
    onError: on.onError,
  });
}
