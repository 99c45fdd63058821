import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Activity,
  ActivityType,
  Agenda,
  AgendaItem,
  AgendaSection,
  CompleteActivity,
  CreateActivity,
  UpdateActivity,
} from '../../../contracts/activities';
import { activityTypes, outcomeRequiredTypes } from '../../lib/kinds';
import { api, type Query } from '../../api';

export type { Activity, ActivityType, Agenda, AgendaItem };
export { activityTypes, outcomeRequiredTypes };

export const activityKeys = {
  all: ['activities'] as const,
  list: (q: Query) => ['activities', 'list', q] as const,
  one: (id: string) => ['activities', 'one', id] as const,
  agenda: (userId: string | undefined, days: number, limits?: AgendaLimits) =>
    ['activities', 'agenda', userId ?? 'me', days, limits ?? {}] as const,
  agendaSection: (section: 'overdue' | 'upcoming', userId: string | undefined, days: number, from: string | null) =>
    ['activities', 'agenda-section', section, userId ?? 'me', days, from] as const,
  calendar: (from: string, to: string, userId?: string) => ['activities', 'calendar', from, to, userId ?? 'me'] as const,
};

export function useActivityList(query: Query, enabled = true) {
  return useQuery({
    queryKey: activityKeys.list(query),
    queryFn: ({ signal }) => api.get<{ items: Activity[]; nextCursor: string | null }>('/activities', query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** How many overdue and upcoming ones the agenda lists at first (the API's defaults: 50 and 200). */
export type AgendaLimits = { overdueLimit?: number; upcomingLimit?: number };

/** The agenda in one request: its linked contacts, companies and deals come named in it. */
export function useAgenda(userId: string | undefined, days = 7, limits?: AgendaLimits) {
  return useQuery({
    queryKey: activityKeys.agenda(userId, days, limits),
    queryFn: ({ signal }) => api.get<Agenda>('/agenda', { userId, days, ...limits }, signal),
    // "Overdue" moves by itself as time passes: keep the page honest without a reload.
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

/**
 * The overdue or upcoming section of the agenda page by page, from `from` (the agenda's next
 * cursor; null: the section's start), loaded only once `enabled` (the user asked for more).
 */
export function useAgendaSection(
  section: 'overdue' | 'upcoming',
  userId: string | undefined,
  days: number,
  from: string | null,
  enabled: boolean,
) {
  return useInfiniteQuery({
    queryKey: activityKeys.agendaSection(section, userId, days, from),
    queryFn: ({ pageParam, signal }) =>
      api.get<AgendaSection>(`/agenda/${section}`, { userId, days, cursor: pageParam ?? undefined, limit: 50 }, signal),
    initialPageParam: from,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

export function useCalendar(from: string, to: string, userId?: string) {
  return useQuery({
    queryKey: activityKeys.calendar(from, to, userId),
    queryFn: ({ signal }) => api.get<{ userId: string; items: Activity[] }>('/activities/calendar', { from, to, userId }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 120_000,
  });
}

/** Every activity view (agenda, calendar, deal and contact timelines) refreshes after a change. */
export function useInvalidateActivities() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: activityKeys.all }),
      // Deal pages show the next step and the timeline of their activities; the team dashboard counts them.
      qc.invalidateQueries({ queryKey: ['deals'] }),
      qc.invalidateQueries({ queryKey: ['control'] }),
      qc.invalidateQueries({ queryKey: ['timeline'] }),
    ]);
}

export function useCompleteActivity() {
  const invalidate = useInvalidateActivities();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CompleteActivity }) =>
      api.post<{ activity: Activity; next: Activity | null }>(`/activities/${id}/complete`, body),
    onSuccess: () => invalidate(),
  });
}

export function useSaveActivity() {
  const invalidate = useInvalidateActivities();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CreateActivity | UpdateActivity }) =>
      id ? api.patch<Activity>(`/activities/${id}`, body) : api.post<Activity>('/activities', body),
    onSuccess: () => invalidate(),
  });
}

export const needsOutcome = (type: ActivityType) => outcomeRequiredTypes.includes(type);
