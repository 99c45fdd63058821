import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { defaultColumns, type ViewList } from '../../contracts/list-columns';
import type { CreateViewBody, SavedView, UpdateViewBody } from '../../contracts/views';
import { api } from '../api';

// Saved views of the lists and each user's columns per list (issue 9), for the shared list pages.

export type { SavedView, ViewList };

const viewKeys = {
  list: (list: ViewList) => ['views', list] as const,
  preferences: (list: ViewList) => ['views', 'preferences', list] as const,
};

/** The caller's columns of a list (the defaults until chosen). */
export function useListColumns(list: ViewList) {
  return useQuery({
    queryKey: viewKeys.preferences(list),
    queryFn: ({ signal }) => api.get<{ columns: string[] }>(`/views/preferences/${list}`, undefined, signal),
    staleTime: 5 * 60_000,
    placeholderData: { columns: [...defaultColumns[list]] },
    select: (d) => d.columns,
  });
}

/** Saves the columns; the list shows them at once (the answer confirms them). */
export function useSetListColumns(list: ViewList) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: ['views', 'set-columns', list],
    // One save at a time, in the order of the clicks, so the server keeps the last one.
    scope: { id: `views-set-columns-${list}` },
    mutationFn: (columns: string[]) => api.put<{ columns: string[] }>(`/views/preferences/${list}`, { columns }),
    onMutate: (columns) => {
      // A fetch under way would bring back the columns as they were before this click: stopped,
      // keeping what is shown, and the click shows at once (no await before it).
      void qc.cancelQueries({ queryKey: viewKeys.preferences(list) }, { revert: false });
      qc.setQueryData(viewKeys.preferences(list), { columns });
    },
    // Two quick clicks: only the last save to settle refetches, so the first one's answer cannot undo the second click.
    onSettled: () =>
      qc.isMutating({ mutationKey: ['views', 'set-columns', list] }) === 1
        ? qc.invalidateQueries({ queryKey: viewKeys.preferences(list) })
        : undefined,
  });
}

/** The caller's saved views of a list and those shared with their team. */
export function useSavedViews(list: ViewList) {
  return useQuery({
    queryKey: viewKeys.list(list),
    queryFn: ({ signal }) => api.get<{ items: SavedView[] }>('/views', { list }, signal),
    select: (d) => d.items,
  });
}

export function useCreateView(list: ViewList) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Omit<CreateViewBody, 'list'>) => api.post<SavedView>('/views', { ...body, list }),
    onSuccess: () => qc.invalidateQueries({ queryKey: viewKeys.list(list) }),
  });
}

export function useUpdateView(list: ViewList) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateViewBody & { id: string }) => api.patch<SavedView>(`/views/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: viewKeys.list(list) }),
  });
}

export function useDeleteView(list: ViewList) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/views/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: viewKeys.list(list) }),
  });
}
