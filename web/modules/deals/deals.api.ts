import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Board, BoardCard, Deal, DealListItem, stageMoveSchema } from '../../../contracts/deals';
import { api, isApiError, type Query } from '../../api';
import type { MutationCallbacks } from '../../lib/mutations';

export type { Board, BoardCard, Deal, DealListItem };
export type StageMove = z.infer<typeof stageMoveSchema>;
export type BoardColumn = Board['stages'][number];
export type DealList = { items: DealListItem[]; nextCursor: string | null };

// Cards asked per column: the API maximum, so a board of 1,000 open deals arrives whole.
export const BOARD_LIMIT = 500;

export const dealKeys = {
  all: ['deals'] as const,
  board: (pipelineId: string | undefined, ownerId: string | undefined) =>
    ['deals', 'board', pipelineId ?? 'default', ownerId ?? 'all'] as const,
  list: (q: Query) => ['deals', 'list', q] as const,
  one: (id: string) => ['deals', 'one', id] as const,
  history: (id: string) => ['deals', 'history', id] as const,
};

export function useBoard(pipelineId: string | undefined, ownerId: string | undefined, enabled = true) {
  return useQuery({
    enabled,
    queryKey: dealKeys.board(pipelineId, ownerId),
    queryFn: ({ signal }) => api.get<Board>('/deals/board', { pipelineId, ownerId, limit: BOARD_LIMIT }, signal),
    placeholderData: keepPreviousData,
    // Colleagues move deals too; the board catches up while it stays open.
    refetchInterval: 60_000,
  });
}

export function useDealList(query: Query, enabled = true) {
  return useQuery({
    enabled,
    queryKey: dealKeys.list(query),
    queryFn: ({ signal }) => api.get<DealList>('/deals', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useDeal(id: string | undefined) {
  return useQuery({
    queryKey: dealKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<Deal>(`/deals/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useDealHistory(id: string) {
  return useQuery({
    queryKey: dealKeys.history(id),
    queryFn: ({ signal }) => api.get<{ items: StageMove[] }>(`/deals/${id}/history`, undefined, signal),
    select: (d) => d.items,
  });
}

/** Body of a stage move; closing stages carry the closing fields (lost: reason + comment; won: amount + date). */
export type MoveBody = {
  stageId: string;
  position?: number;
  version?: number;
  reasonId?: string | null;
  comment?: string | null;
  amount?: string | null;
  date?: string | null;
  /** When the move closes the deal: what becomes of its open activities. */
  openActivities?: 'complete' | 'cancel' | 'keep';
  activitiesOutcome?: string;
};

export const moveDeal = (id: string, body: MoveBody) => api.post<Deal>(`/deals/${id}/move`, body);

/** A deal the server answered with after a change: its page shows it now; board, lists and history refetch. */
function useDealSaved() {
  const qc = useQueryClient();
  return (saved: Deal) => {
    qc.setQueryData(dealKeys.one(saved.id), saved);
    void qc.invalidateQueries({ queryKey: ['deals', 'board'] });
    void qc.invalidateQueries({ queryKey: ['deals', 'list'] });
    void qc.invalidateQueries({ queryKey: dealKeys.history(saved.id) });
  };
}

/** Creates a deal (body as POST /deals takes it). */
export function useCreateDeal(on: MutationCallbacks<Deal> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Deal>('/deals', body),
    onSuccess: async (deal) => {
      await qc.invalidateQueries({ queryKey: dealKeys.all });
      await on.onSuccess?.(deal);
    },
    onError: on.onError,
  });
}

/** Saves the changed fields of `deal` at its version; a stale version reloads the deal. */
export function useUpdateDeal(deal: Deal, on: MutationCallbacks<Deal> = {}) {
  const qc = useQueryClient();
  const saved = useDealSaved();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<Deal>(`/deals/${deal.id}`, { ...body, version: deal.version }),
    onSuccess: async (d) => {
      saved(d);
      await on.onSuccess?.(d);
    },
    onError: (err) => {
      if (isApiError(err) && err.isVersionConflict) void qc.invalidateQueries({ queryKey: dealKeys.one(deal.id) });
      on.onError?.(err);
    },
  });
}

/** One of the deal's own actions (move to an open stage, reopen, restore), answered with the deal. */
function useDealAction<V>(send: (v: V) => Promise<Deal>, on: MutationCallbacks<Deal>) {
  const saved = useDealSaved();
  return useMutation({
    mutationFn: send,
    onSuccess: async (d) => {
      saved(d);
      await on.onSuccess?.(d);
    },
    onError: on.onError,
  });
}

export const useMoveDealStage = (deal: Deal, on: MutationCallbacks<Deal> = {}) =>
  useDealAction((stageId: string) => api.post<Deal>(`/deals/${deal.id}/move`, { stageId, version: deal.version }), on);

export const useReopenDeal = (deal: Deal, on: MutationCallbacks<Deal> = {}) =>
  useDealAction(() => api.post<Deal>(`/deals/${deal.id}/reopen`, { version: deal.version }), on);

export const useRestoreDeal = (deal: Deal, on: MutationCallbacks<Deal> = {}) =>
  useDealAction(() => api.post<Deal>(`/deals/${deal.id}/restore`), on);

/** Closes the deal as won or lost; the reports count it from now on. */
export function useCloseDeal(deal: Deal, on: MutationCallbacks<Deal> = {}) {
  const qc = useQueryClient();
  const saved = useDealSaved();
  return useMutation({
    mutationFn: (body: Record<string, string | undefined>) => api.post<Deal>(`/deals/${deal.id}/close`, { ...body, version: deal.version }),
    onSuccess: async (d) => {
      saved(d);
      void qc.invalidateQueries({ queryKey: ['reports'] });
      // Its open activities may have been completed or cancelled with it.
      void qc.invalidateQueries({ queryKey: ['activities'] });
      void qc.invalidateQueries({ queryKey: ['timeline'] });
      await on.onSuccess?.(d);
    },
    onError: on.onError,
  });
}
