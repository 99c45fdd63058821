import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { dashboardResponse, reassignResponse, staleContactSchema } from '../../../contracts/control';
import { api, type Query } from '../../api';

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
