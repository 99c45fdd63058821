import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { BulkBody, BulkResult, bulkFilterSchema } from '../../contracts/records';
import { api, type Query } from '../api';

// The lists' shared tools over contacts and companies (issue 9): the total, tag and segment
// suggestions, and one action over many records.

export type BulkResource = 'contacts' | 'companies';
export type BulkFilter = z.infer<typeof bulkFilterSchema>;
export type { BulkBody, BulkResult };

/** How many records the list shows for its filters (the total above it). */
export function useListCount(resource: BulkResource, query: Query) {
  const { sort: _sort, limit: _limit, cursor: _cursor, ...filters } = query;
  return useQuery({
    queryKey: [resource, 'count', filters],
    queryFn: ({ signal }) => api.get<{ total: number; capped: boolean }>(`/${resource}/count`, filters, signal),
    placeholderData: keepPreviousData,
  });
}

export type Facet = { value: string; count: number };

/** Tags and segments in use starting with `q` (any case), most used first. */
export function useFacets(resource: BulkResource, q: string, enabled = true) {
  return useQuery({
    queryKey: [resource, 'facets', q],
    queryFn: ({ signal }) => api.get<{ tags: Facet[]; segments: Facet[] }>(`/${resource}/facets`, { q }, signal),
    enabled,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}

/** The list's query (as its GET takes it) as the filter of a bulk action: "everything matching". */
export function bulkFilterOf(query: Query): BulkFilter {
  const s = (k: string) => (typeof query[k] === 'string' && query[k] !== '' ? (query[k] as string) : undefined);
  const out: BulkFilter = { q: s('q'), ownerId: s('ownerId'), tag: s('tag'), segment: s('segment'), companyId: s('companyId') };
  if (query.deleted === 'true') out.deleted = true;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as BulkFilter;
}

/** One action over many records; the list, its count and facets refresh after it. */
export function useBulkAction(resource: BulkResource) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkBody) => api.post<BulkResult>(`/${resource}/bulk`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: [resource] }),
  });
}
