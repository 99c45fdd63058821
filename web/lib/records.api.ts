import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { recordName, recordPath, sectionPath, type Named, type RecordKind } from './records';

export type RecordOption = { id: string; label: string; hint?: string };

function toOption(kind: RecordKind, r: Named): RecordOption {
  return { id: r.id, label: recordName(r), hint: kind === 'contact' || kind === 'deal' ? (r.companyName ?? undefined) : undefined };
}

/** One record's name, cached for minutes: activities and reminders carry only ids. */
export function useRecordName(kind: RecordKind, id: string | null | undefined) {
  return useQuery({
    // Deal names sit under ['deals'] so that saving a deal refreshes them.
    queryKey: [kind === 'deal' ? 'deals' : `${kind}-names`, 'name', id],
    queryFn: ({ signal }) => api.get<Named>(recordPath(kind, id!), undefined, signal),
    enabled: !!id,
    staleTime: 10 * 60_000,
    retry: false,
    select: (r) => recordName(r),
  });
}

/** Server-side search of one kind of record for pickers (`?q=`, a handful of rows). */
export function useRecordSearch(kind: RecordKind, q: string, enabled: boolean, extra?: Record<string, string | undefined>) {
  return useQuery({
    queryKey: [`${kind}-search`, q, extra],
    queryFn: ({ signal }) => api.get<{ items: Named[] }>(sectionPath(kind), { q: q || undefined, limit: 20, ...extra }, signal),
    enabled,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    select: (d) => d.items.map((r) => toOption(kind, r)),
  });
}
