import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';

// Apart from records.api.ts on purpose: the header search sits in the always-loaded shell, and a
// module goes whole into the first chunk that needs it.

export type SearchHit = { type: string; id: string; title: string; subtitle?: string | null; matched?: string };

/** The header search across every kind of record (from two characters on). */
export function useGlobalSearch(q: string) {
  const enabled = q.length >= 2;
  const query = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api.get<{ items: SearchHit[] }>('/search', { q, limit: 15 }, signal),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  return { ...query, enabled };
}
