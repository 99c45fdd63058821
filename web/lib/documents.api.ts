import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { DocumentDto } from '../../contracts/documents';
import { api, apiUrl } from '../api';
import type { MutationCallbacks } from './mutations';

// Documents attached to records (the platform's D1 service): every record page shows the same tab,
// so the hooks sit in web/lib beside the timeline's and the panel in web/ui.

export type DocumentItem = DocumentDto;
export type DocumentTarget = { entity: string; entityId: string };
type Page = { items: DocumentItem[]; nextCursor: string | null };

const documentsKey = (t: DocumentTarget) => ['documents', t.entity, t.entityId];

/** The record's documents (or its trash with `deleted`), newest first, page by page. */
export function useDocuments(target: DocumentTarget, deleted = false) {
  return useInfiniteQuery({
    queryKey: [...documentsKey(target), deleted ? 'trash' : 'live'],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page>(
        '/documents',
        { entity: target.entity, entityId: target.entityId, deleted: deleted || undefined, cursor: pageParam },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Where the browser downloads a document (the current version, or `version`); the session cookie authorises it. */
export const documentContentUrl = (id: string, version?: number) => apiUrl(`/documents/${id}/content`, { version });

function fileForm(file: File, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  // Fields before the file: the server reads the stream in order and needs the target first.
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, file.name);
  return form;
}

/**
 * Every change to a document answers the document; the lists of each record it is linked to (and the
 * timeline, which shows uploads) refresh.
 */
function useDocumentMutation<V>(fn: (v: V) => Promise<DocumentItem | undefined>, on: MutationCallbacks<DocumentItem | undefined>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (doc) => {
      await on.onSuccess?.(doc);
      // Every record's list, not only this one's: the document may be linked to others on screen.
      await Promise.all([qc.invalidateQueries({ queryKey: ['documents'] }), qc.invalidateQueries({ queryKey: ['timeline'] })]);
    },
    onError: on.onError,
  });
}

export const useUploadDocument = (target: DocumentTarget, on: MutationCallbacks<DocumentItem | undefined> = {}) =>
  useDocumentMutation(
    (file: File) => api.upload<DocumentItem>('/documents', fileForm(file, { entity: target.entity, entityId: target.entityId })),
    on,
  );

export const useUploadVersion = (on: MutationCallbacks<DocumentItem | undefined> = {}) =>
  useDocumentMutation(
    ({ id, file }: { id: string; file: File }) => api.upload<DocumentItem>(`/documents/${id}/versions`, fileForm(file)),
    on,
  );

export const useDeleteDocument = (on: MutationCallbacks<DocumentItem | undefined> = {}) =>
  useDocumentMutation((id: string) => api.del(`/documents/${id}`).then(() => undefined), on);

export const useRestoreDocument = (on: MutationCallbacks<DocumentItem | undefined> = {}) =>
  useDocumentMutation((id: string) => api.post<DocumentItem>(`/documents/${id}/restore`), on);

export const useLinkDocument = (on: MutationCallbacks<DocumentItem | undefined> = {}) =>
  useDocumentMutation(({ id, to }: { id: string; to: DocumentTarget }) => api.post<DocumentItem>(`/documents/${id}/links`, to), on);

export const useUnlinkDocument = (on: MutationCallbacks<DocumentItem | undefined> = {}) =>
  useDocumentMutation(
    ({ id, from }: { id: string; from: DocumentTarget }) =>
      api.del<DocumentItem>(`/documents/${id}/links/${encodeURIComponent(from.entity)}/${from.entityId}`),
    on,
  );
