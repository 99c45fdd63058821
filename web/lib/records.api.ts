import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Duplicate } from '../../contracts/companies';
import type { TimelineEvent } from '../../contracts/timeline';
import { api, type Query } from '../api';
import type { MutationCallbacks } from './mutations';
import { recordName, recordPath, sectionPath, type Named, type RecordKind } from './records';

// The record services every kind shares (the platform's timeline, notes, shares, audit, merge,
// duplicates, soft delete and search), as hooks for the shared components of web/ui.

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

type TimelinePage = { items: TimelineEvent[]; nextCursor: string | null };
const timelineKey = (resource: string) => ['timeline', resource];

/**
 * A record's timeline, newest first, page by page; `resource` is the record's path (`/contacts/<id>`),
 * `kinds` the event families to show (`deal,invoice`; all when absent).
 */
export function useTimeline(resource: string, kinds?: string) {
  return useInfiniteQuery({
    queryKey: [...timelineKey(resource), kinds ?? 'all'],
    queryFn: ({ pageParam, signal }) => api.get<TimelinePage>(`${resource}/timeline`, { cursor: pageParam, kinds }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Adds a note to the record's timeline. */
export function useAddNote(resource: string, on: MutationCallbacks<unknown> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => api.post(`${resource}/notes`, { text }),
    onSuccess: async (res) => {
      await on.onSuccess?.(res);
      await qc.invalidateQueries({ queryKey: timelineKey(resource) });
    },
    onError: on.onError,
  });
}

export type Share = { userId: string; userName: string; createdAt: string };
type Shares = { items: Share[] };
const sharesKey = (resource: string) => ['shares', resource];

/** Colleagues the record is shared with. */
export function useShares(resource: string) {
  return useQuery({
    queryKey: sharesKey(resource),
    queryFn: ({ signal }) => api.get<Shares>(`${resource}/shares`, undefined, signal),
  });
}

/** Shares the record with a colleague, or stops sharing it; the answer is the new list. */
export function useChangeShare(resource: string, on: MutationCallbacks<Shares> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, add }: { userId: string; add: boolean }) =>
      add ? api.post<Shares>(`${resource}/shares`, { userId }) : api.del<Shares>(`${resource}/shares/${userId}`),
    onSuccess: async (shares) => {
      qc.setQueryData(sharesKey(resource), shares);
      await on.onSuccess?.(shares);
    },
    onError: on.onError,
  });
}

export type AuditEntry = {
  id: string;
  action: string;
  userId: string | null;
  userName: string | null;
  at: string;
  changes: Record<string, { from: unknown; to: unknown }> | null;
};

const auditKey = (entity: string, id: string) => ['audit', entity, id];

/** After a record changed: its history and its timeline are refetched wherever they show. */
export async function refreshRecordViews(qc: QueryClient, kind: RecordKind, id: string): Promise<void> {
  await Promise.all([
    qc.invalidateQueries({ queryKey: auditKey(kind, id) }),
    qc.invalidateQueries({ queryKey: timelineKey(recordPath(kind, id)) }),
  ]);
}

/** Who changed what and when in one record. */
export function useAudit(entity: string, id: string) {
  return useQuery({
    queryKey: auditKey(entity, id),
    queryFn: ({ signal }) => api.get<{ items: AuditEntry[] }>('/audit', { entity, id }, signal),
  });
}

/** Folds `otherId` into the record; `invalidate` lists the queries that show either of them. */
export function useMergeRecord(kind: RecordKind, id: string, invalidate: readonly unknown[][], on: MutationCallbacks<unknown> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (otherId: string) => api.post(`${recordPath(kind, id)}/merge`, { otherId }),
    onSuccess: async (res) => {
      await Promise.all(invalidate.map((queryKey) => qc.invalidateQueries({ queryKey })));
      await on.onSuccess?.(res);
    },
    onError: on.onError,
  });
}

/** Records a create or update would duplicate (same INN, phone, email), while the user types. */
export function useDuplicates(kind: RecordKind, params: Query, excludeId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['duplicates', sectionPath(kind), params, excludeId],
    queryFn: ({ signal }) => api.get<{ items: Duplicate[] }>(`${sectionPath(kind)}/duplicates`, { ...params, excludeId }, signal),
    enabled,
    staleTime: 10_000,
    retry: false,
  });
}

/** Creates a record of `kind`, or PATCHes `record`; `force` saves despite a duplicate warning. */
export function saveRecord<R>(kind: RecordKind, record: { id: string } | undefined, body: unknown, force: boolean): Promise<R> {
  const query = force ? { force: true } : undefined;
  return record ? api.patch<R>(recordPath(kind, record.id), body, query) : api.post<R>(sectionPath(kind), body, query);
}

// Soft delete and restore are plain calls rather than mutation hooks: the undo of a delete runs
// from a notification after the page that deleted the record may be gone.
/** Soft-deletes a record of the API collection `resource` (`/companies`, `/activities`). */
export const deleteRecord = (resource: string, id: string) => api.del(`${resource}/${id}`);
/** Brings a soft-deleted record back. */
export const restoreRecord = (resource: string, id: string) => api.post(`${resource}/${id}/restore`);
