import { keepPreviousData, useQuery } from '@tanstack/react-query';
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

export function useStaleContacts(query: Query) {
  return useQuery({
    queryKey: ['control', 'stale', query],
    queryFn: ({ signal }) => api.get<{ items: StaleContact[]; nextCursor: string | null }>('/control/stale-contacts', query, signal),
    placeholderData: keepPreviousData,
  });
}
