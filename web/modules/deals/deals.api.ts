import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Board, BoardCard, Deal, DealListItem, stageMoveSchema } from '../../../contracts/deals';
import { api, type Query } from '../../api';

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
};

export const moveDeal = (id: string, body: MoveBody) => api.post<Deal>(`/deals/${id}/move`, body);
