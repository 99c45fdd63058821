import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallDto } from '../../../contracts/calls';
import type { KbSuggestion } from '../../../contracts/kb';
import type { Product } from '../../../contracts/products';
import type {
  CreateTicket,
  SlaRule,
  SlaSegment,
  WorkingHours,
  WorkingInterval,
  Ticket,
  TicketChannel,
  TicketComment,
  TicketPriority,
  TicketStatus,
  UpdateTicket,
} from '../../../contracts/tickets';
import { api, type Query } from '../../api';
import type { MutationCallbacks } from '../../lib/mutations';

export type { CallDto, KbSuggestion, SlaRule, SlaSegment, WorkingHours, WorkingInterval };
export type { CreateTicket, Ticket, TicketChannel, TicketComment, TicketPriority, TicketStatus, UpdateTicket };
export type TicketList = { items: Ticket[]; nextCursor: string | null };

// The contracts' lists are zod modules (types only in the browser): the same values, spelled once here.
export const TICKET_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'resolved', 'closed'];
/** From the most pressing, as the SLA rules list them. */
export const TICKET_PRIORITIES: readonly TicketPriority[] = ['urgent', 'high', 'normal', 'low'];
export const TICKET_CHANNELS: readonly TicketChannel[] = ['phone', 'email', 'portal', 'manual'];
/** Roles that may give tickets to others and reopen closed ones (the server's owners rule, a head within their teams). */
export const REASSIGNERS = ['admin', 'director', 'head_of_sales'] as const;

const NEXT: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};
/** The statuses a ticket may move to, as the server's lifecycle allows (closed reopens for a supervisor only). */
export const nextStatuses = (from: TicketStatus, supervisor: boolean): readonly TicketStatus[] =>
  from === 'closed' && !supervisor ? [] : NEXT[from];

/** What the queue shows when no status is picked: the tickets still being worked on. */
export const OPEN_STATUSES = 'new,open,pending';

export const ticketKeys = {
  all: ['tickets'] as const,
  list: (q: Query) => ['tickets', 'list', q] as const,
  one: (id: string) => ['tickets', 'one', id] as const,
  comments: (id: string) => ['tickets', 'comments', id] as const,
};

export function useTicketList(query: Query) {
  return useQuery({
    queryKey: ticketKeys.list(query),
    queryFn: ({ signal }) => api.get<TicketList>('/tickets', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTicket(id: string | undefined) {
  return useQuery({
    queryKey: ticketKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<Ticket>(`/tickets/${id}`, undefined, signal),
    enabled: !!id,
    retry: false,
  });
}

/** A ticket changed on the server: its page shows the answer at once, the queues refetch. */
function useTicketChanged() {
  const qc = useQueryClient();
  return (saved: Ticket) => {
    qc.setQueryData(ticketKeys.one(saved.id), saved);
    void qc.invalidateQueries({ queryKey: ['tickets', 'list'] });
  };
}

/** Opens a ticket; the queues refetch. */
export function useCreateTicket(on: MutationCallbacks<Ticket> = {}) {
  const changed = useTicketChanged();
  return useMutation({
    mutationFn: (body: CreateTicket) => api.post<Ticket>('/tickets', body),
    onSuccess: async (t) => {
      changed(t);
      await on.onSuccess?.(t);
    },
    onError: on.onError,
  });
}

/** Changes a ticket at its version (status, priority, assignee, ...). */
export function useUpdateTicket(id: string, on: MutationCallbacks<Ticket> = {}) {
  const changed = useTicketChanged();
  return useMutation({
    mutationFn: (body: UpdateTicket) => api.patch<Ticket>(`/tickets/${id}`, body),
    onSuccess: async (t) => {
      changed(t);
      await on.onSuccess?.(t);
    },
    onError: on.onError,
  });
}

export function useTicketComments(id: string) {
  return useQuery({
    queryKey: ticketKeys.comments(id),
    queryFn: ({ signal }) => api.get<{ items: TicketComment[] }>(`/tickets/${id}/comments`, undefined, signal),
    select: (d) => d.items,
  });
}

/** Comments on a ticket; the first to the client sets its first response, so the ticket refetches too. */
export function useAddComment(id: string, on: MutationCallbacks<TicketComment> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { body: string; internal: boolean }) => api.post<TicketComment>(`/tickets/${id}/comments`, body),
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: ticketKeys.comments(id) });
      void qc.invalidateQueries({ queryKey: ticketKeys.one(id) });
      void qc.invalidateQueries({ queryKey: ['tickets', 'list'] });
      await on.onSuccess?.(c);
    },
    onError: on.onError,
  });
}

/** The client's score (1-5) and comment on a resolved ticket. */
export function useRateTicket(id: string, on: MutationCallbacks<Ticket> = {}) {
  const changed = useTicketChanged();
  return useMutation({
    mutationFn: (body: { score: number; comment: string | null }) => api.post<Ticket>(`/tickets/${id}/satisfaction`, body),
    onSuccess: async (t) => {
      changed(t);
      await on.onSuccess?.(t);
    },
    onError: on.onError,
  });
}

/** The call a ticket was opened from (access as the call's client: a 404 shows as no call). */
export function useTicketCall(callId: string | null) {
  return useQuery({
    queryKey: ['calls', 'one', callId],
    queryFn: ({ signal }) => api.get<CallDto>(`/calls/${callId}`, undefined, signal),
    enabled: !!callId,
    retry: false,
  });
}

/** Published knowledge-base articles for the ticket's subject and products. */
export function useKbSuggestions(ticketId: string, subject: string) {
  return useQuery({
    // The subject is in the key: a changed subject offers other articles.
    queryKey: ['kb', 'suggestions', 'ticket', ticketId, subject],
    queryFn: ({ signal }) => api.get<{ items: KbSuggestion[] }>('/kb/suggestions', { ticketId, limit: 5 }, signal),
    staleTime: 60_000,
    select: (d) => d.items,
  });
}

/** Names of the ticket's products, one cached request each (a ticket has a handful). */
export function useProductNames(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['products', 'one', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Product>(`/products/${id}`, undefined, signal),
      staleTime: 5 * 60_000,
      retry: false,
    })),
    combine: (results) => results.map((r, i) => ({ id: ids[i], name: r.data?.name ?? null, failed: r.isError })),
  });
}

export const SLA_SEGMENTS: readonly SlaSegment[] = ['A', 'B', 'C', 'none'];
const slaKeys = { hours: ['sla', 'hours'] as const, rules: ['sla', 'rules'] as const };

export function useWorkingHours() {
  return useQuery({
    queryKey: slaKeys.hours,
    queryFn: ({ signal }) => api.get<WorkingHours>('/sla/working-hours', undefined, signal),
  });
}

export function useSlaRules() {
  return useQuery({
    queryKey: slaKeys.rules,
    queryFn: ({ signal }) => api.get<{ items: SlaRule[] }>('/sla/rules', undefined, signal),
    select: (d) => d.items,
  });
}

/** Saves the working week and holidays (admin); tickets' due times follow from then on. */
export function useSaveWorkingHours(on: MutationCallbacks<WorkingHours> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { week: WorkingInterval[][]; holidays: string[] }) => api.put<WorkingHours>('/sla/working-hours', body),
    onSuccess: async (h) => {
      qc.setQueryData(slaKeys.hours, h);
      await on.onSuccess?.(h);
    },
    onError: on.onError,
  });
}

/** Saves the rules of every priority and segment (admin). */
export function useSaveSlaRules(on: MutationCallbacks<SlaRule[]> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (items: SlaRule[]) => (await api.put<{ items: SlaRule[] }>('/sla/rules', { items })).items,
    onSuccess: async (items) => {
      qc.setQueryData(slaKeys.rules, { items });
      await on.onSuccess?.(items);
    },
    onError: on.onError,
  });
}
