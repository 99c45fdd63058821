import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

export type RecordKind = 'contact' | 'company' | 'deal';

type Named = {
  id: string;
  fullName?: string | null;
  name?: string | null;
  displayName?: string | null;
  title?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  middleName?: string | null;
  companyName?: string | null;
};

const collection: Record<RecordKind, string> = { contact: '/contacts', company: '/companies', deal: '/deals' };
export const recordPath: Record<RecordKind, (id: string) => string> = {
  contact: (id) => `/contacts/${id}`,
  company: (id) => `/companies/${id}`,
  deal: (id) => `/deals/${id}`,
};

/** A readable name for any linked record, whatever shape its module answers with. */
export function recordName(r: Named | null | undefined): string {
  if (!r) return '';
  if (r.fullName) return r.fullName;
  if (r.displayName) return r.displayName;
  if (r.title) return r.title;
  if (r.name) return r.name;
  return [r.lastName, r.firstName, r.middleName].filter(Boolean).join(' ');
}

export type RecordOption = { id: string; label: string; hint?: string };

function toOption(kind: RecordKind, r: Named): RecordOption {
  return { id: r.id, label: recordName(r), hint: kind === 'contact' || kind === 'deal' ? (r.companyName ?? undefined) : undefined };
}

/** One record's name, cached for minutes: activities and reminders carry only ids. */
export function useRecordName(kind: RecordKind, id: string | null | undefined) {
  return useQuery({
    queryKey: [kind === 'deal' ? 'deals' : `${kind}-names`, 'name', id],
    queryFn: ({ signal }) => api.get<Named>(`${collection[kind]}/${id}`, undefined, signal),
    enabled: !!id,
    staleTime: 10 * 60_000,
    retry: false,
    select: (r) => recordName(r),
  });
}

/** Server-side search of one kind of record for pickers. */
export function useRecordSearch(kind: RecordKind, q: string, enabled: boolean, extra?: Record<string, string | undefined>) {
  return useQuery({
    queryKey: [`${kind}-search`, q, extra],
    queryFn: ({ signal }) => api.get<{ items: Named[] }>(collection[kind], { q: q || undefined, limit: 20, ...extra }, signal),
    enabled,
    staleTime: 30_000,
    select: (d) => d.items.map((r) => toOption(kind, r)),
  });
}
