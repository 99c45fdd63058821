import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateKbArticle,
  KbArticle,
  KbArticleListItem,
  KbFragment,
  KbLanguage,
  KbSearchHit,
  KbStatus,
  KbVersion,
  KbVersionListItem,
  UpdateKbArticle,
} from '../../../contracts/kb';
import { api, type Query } from '../../api';
import type { MutationCallbacks } from '../../lib/mutations';
import type { Role } from '../../lib/session';

export type { KbArticle, KbArticleListItem, KbFragment, KbLanguage, KbSearchHit, KbStatus, KbVersion, KbVersionListItem };
export type KbArticleList = { items: KbArticleListItem[]; nextCursor: string | null };

export const KB_LANGUAGES: readonly KbLanguage[] = ['ru', 'bg', 'en'];
export const KB_STATUSES: readonly KbStatus[] = ['published', 'draft'];

export const kbKeys = {
  all: ['kb'] as const,
  list: (q: Query) => ['kb', 'list', q] as const,
  search: (q: Query) => ['kb', 'search', q] as const,
  one: (id: string) => ['kb', 'one', id] as const,
  versions: (id: string) => ['kb', 'versions', id] as const,
  version: (id: string, n: number) => ['kb', 'version', id, n] as const,
  categories: ['kb', 'categories'] as const,
  settings: ['kb', 'settings'] as const,
};

export function useKbArticles(query: Query, enabled = true) {
  return useQuery({
    queryKey: kbKeys.list(query),
    queryFn: ({ signal }) => api.get<KbArticleList>('/kb/articles', query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Search as the user types: the previous answer stays on screen until the next arrives. */
export function useKbSearch(query: Query & { q: string }) {
  return useQuery({
    queryKey: kbKeys.search(query),
    queryFn: ({ signal }) => api.get<{ items: KbSearchHit[] }>('/kb/search', query, signal),
    enabled: query.q.length > 0,
    placeholderData: keepPreviousData,
    select: (d) => d.items,
  });
}

export function useKbArticle(id: string | undefined) {
  return useQuery({
    queryKey: kbKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<KbArticle>(`/kb/articles/${id}`, undefined, signal),
    enabled: !!id,
    retry: false,
  });
}

export function useKbCategories() {
  return useQuery({
    queryKey: kbKeys.categories,
    queryFn: ({ signal }) => api.get<{ items: { name: string; count: number }[] }>('/kb/categories', undefined, signal),
    staleTime: 60_000,
    select: (d) => d.items,
  });
}

type KbSettings = { editorRoles: Role[]; canEdit: boolean };

export function useKbSettings() {
  return useQuery({
    queryKey: kbKeys.settings,
    queryFn: ({ signal }) => api.get<KbSettings>('/kb/settings', undefined, signal),
    staleTime: 5 * 60_000,
  });
}

/** Whether the user writes articles (the roles of the workspace's setting). */
export function useKbCanEdit() {
  return useKbSettings().data?.canEdit ?? false;
}

/** Admin: the roles that write articles (the admin always does). */
export function useSaveKbSettings(on: MutationCallbacks<KbSettings> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (editorRoles: Role[]) => api.put<KbSettings>('/kb/settings', { editorRoles }),
    onSuccess: async (s) => {
      qc.setQueryData(kbKeys.settings, s);
      await on.onSuccess?.(s);
    },
    onError: on.onError,
  });
}

export function useKbVersions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: kbKeys.versions(id),
    queryFn: ({ signal }) => api.get<{ items: KbVersionListItem[] }>(`/kb/articles/${id}/versions`, undefined, signal),
    enabled,
    select: (d) => d.items,
  });
}

export function useKbVersion(id: string, n: number | null) {
  return useQuery({
    queryKey: kbKeys.version(id, n ?? 0),
    queryFn: ({ signal }) => api.get<KbVersion>(`/kb/articles/${id}/versions/${n}`, undefined, signal),
    enabled: n !== null,
  });
}

/** An article changed: its page shows the answer, lists, search, categories and versions refetch. */
function useArticleChanged() {
  const qc = useQueryClient();
  return (saved?: KbArticle) => {
    if (saved) qc.setQueryData(kbKeys.one(saved.id), saved);
    void qc.invalidateQueries({ queryKey: kbKeys.all, predicate: (q) => !saved || q.queryKey[1] !== 'one' || q.queryKey[2] !== saved.id });
  };
}

/** Writes a new article, or saves `id` at its version. */
export function useSaveKbArticle(id: string | null, on: MutationCallbacks<KbArticle> = {}) {
  const changed = useArticleChanged();
  return useMutation({
    mutationFn: (body: CreateKbArticle | UpdateKbArticle) =>
      id ? api.patch<KbArticle>(`/kb/articles/${id}`, body) : api.post<KbArticle>('/kb/articles', body),
    onSuccess: async (a) => {
      changed(a);
      await on.onSuccess?.(a);
    },
    onError: on.onError,
  });
}

export function useDeleteKbArticle(id: string, on: MutationCallbacks<void> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.del(`/kb/articles/${id}`),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: kbKeys.all });
      await on.onSuccess?.();
    },
    onError: on.onError,
  });
}

export function useRestoreKbArticle(id: string, on: MutationCallbacks<KbArticle> = {}) {
  const changed = useArticleChanged();
  return useMutation({
    mutationFn: () => api.post<KbArticle>(`/kb/articles/${id}/restore`),
    onSuccess: async (a) => {
      changed(a);
      await on.onSuccess?.(a);
    },
    onError: on.onError,
  });
}

/** Makes kept version `n` the article's text again (at the article's current `version`). */
export function useRestoreKbVersion(id: string, on: MutationCallbacks<KbArticle> = {}) {
  const changed = useArticleChanged();
  return useMutation({
    mutationFn: ({ n, version }: { n: number; version: number }) =>
      api.post<KbArticle>(`/kb/articles/${id}/versions/${n}/restore`, { version }),
    onSuccess: async (a) => {
      changed(a);
      await on.onSuccess?.(a);
    },
    onError: on.onError,
  });
}
