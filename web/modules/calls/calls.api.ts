import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ListedCall, SortCallBody, UnsortedNumber } from '../../../contracts/calls';
import type { LostCallsReport } from '../../../contracts/lost-calls';
import { api, type Query } from '../../api';
import type { MutationCallbacks } from '../../lib/mutations';

export type { ListedCall, UnsortedNumber, LostCallsReport, SortCallBody };
export type SortResult = { entity: 'contact' | 'company'; id: string; calls: number };

export function useCalls(query: Query) {
  return useQuery({
    queryKey: ['calls', 'list', query],
    queryFn: ({ signal }) => api.get<{ items: ListedCall[]; nextCursor: string | null }>('/calls', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useUnsorted(query: Query) {
  return useQuery({
    queryKey: ['calls', 'unsorted', query],
    queryFn: ({ signal }) => api.get<{ items: UnsortedNumber[]; nextCursor: string | null }>('/calls/unsorted', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useLostCalls(query: Query) {
  return useQuery({
    queryKey: ['calls', 'lost', query],
    queryFn: ({ signal }) => api.get<LostCallsReport>('/reports/lost-calls', query, signal),
    placeholderData: keepPreviousData,
  });
}

/** Sorts an unknown number into a new or existing client; the lists of calls and the clients refresh. */
export function useSortCall(callId: string, on: MutationCallbacks<SortResult> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SortCallBody) => api.post<SortResult>(`/calls/${callId}/sort`, body),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: ['calls'] });
      void qc.invalidateQueries({ queryKey: [r.entity === 'contact' ? 'contacts' : 'companies'] });
      await on.onSuccess?.(r);
    },
    onError: on.onError,
  });
}
