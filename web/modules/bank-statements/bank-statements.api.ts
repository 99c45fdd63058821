import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateClientBody,
  MatchDocumentBody,
  Statement,
  StatementDocument,
  StatementDocumentDetail,
  StatementDocStateName,
  StatementImport,
  StatementPreview,
} from '../../../contracts/bank-statements';
import { api } from '../../api';
import type { MutationCallbacks } from '../../lib/mutations';

export type { Statement, StatementDocument, StatementDocumentDetail, StatementImport, StatementPreview };
type Page<T> = { items: T[]; nextCursor: string | null };

export const statementKeys = {
  all: ['bank-statements'] as const,
  list: ['bank-statements', 'list'] as const,
  one: (id: string) => ['bank-statements', 'one', id] as const,
  documents: (id: string, state: string | null) => ['bank-statements', 'documents', id, state ?? 'all'] as const,
  queue: (state: string) => ['bank-statements', 'queue', state] as const,
  document: (id: string) => ['bank-statements', 'document', id] as const,
};

const next = <T>(last: Page<T>) => last.nextCursor ?? undefined;

/** Imported statements, newest first, page by page. */
export function useStatements() {
  return useInfiniteQuery({
    queryKey: statementKeys.list,
    queryFn: ({ pageParam, signal }) => api.get<Page<Statement>>('/bank-statements', { cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: next,
  });
}

export function useStatement(id: string) {
  return useQuery({
    queryKey: statementKeys.one(id),
    queryFn: ({ signal }) => api.get<Statement>(`/bank-statements/${id}`, undefined, signal),
  });
}

/** One statement's documents in file order, optionally in one state. */
export function useStatementDocuments(id: string, state: StatementDocStateName | null) {
  return useInfiniteQuery({
    queryKey: statementKeys.documents(id, state),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<StatementDocument>>(`/bank-statements/${id}/documents`, { state, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: next,
  });
}

/** The queue: incoming payments of every statement still to settle (or ignored), oldest first. */
export function useQueue(state: 'unmatched' | 'ignored') {
  return useInfiniteQuery({
    queryKey: statementKeys.queue(state),
    queryFn: ({ pageParam, signal }) => api.get<Page<StatementDocument>>('/statement-documents', { state, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: next,
  });
}

export function useStatementDocument(id: string | null) {
  return useQuery({
    queryKey: statementKeys.document(id ?? ''),
    queryFn: ({ signal }) => api.get<StatementDocumentDetail>(`/statement-documents/${id}`, undefined, signal),
    enabled: !!id,
  });
}

function statementForm(file: File, hold?: number[]): FormData {
  const form = new FormData();
  if (hold?.length) form.append('hold', hold.join(','));
  form.append('file', file, file.name);
  return form;
}

/** The dry run: what the file would do, nothing stored (the review before confirming). */
export function usePreviewStatement(on: MutationCallbacks<StatementPreview> = {}) {
  return useMutation({
    mutationFn: (file: File) => api.upload<StatementPreview>('/bank-statements', statementForm(file), { dryRun: true }),
    onSuccess: on.onSuccess,
    onError: on.onError,
  });
}

/** The confirmed import; `hold` are positions the reviewer leaves in the queue. */
export function useImportStatement(on: MutationCallbacks<StatementImport> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, hold }: { file: File; hold: number[] }) =>
      api.upload<StatementImport>('/bank-statements', statementForm(file, hold)),
    onSuccess: async (res) => {
      await qc.invalidateQueries({ queryKey: statementKeys.all });
      await on.onSuccess?.(res);
    },
    onError: on.onError,
  });
}

/** Settling a queued payment changes the queue, its statement's counts, the invoices and the client. */
function useSettle<V>(fn: (v: V) => Promise<StatementDocumentDetail>, on: MutationCallbacks<StatementDocumentDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (doc) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: statementKeys.all }),
        qc.invalidateQueries({ queryKey: ['invoices'] }),
        qc.invalidateQueries({ queryKey: ['companies'] }),
      ]);
      await on.onSuccess?.(doc);
    },
    onError: on.onError,
  });
}

export const useMatchDocument = (id: string, on: MutationCallbacks<StatementDocumentDetail> = {}) =>
  useSettle((body: MatchDocumentBody) => api.post<StatementDocumentDetail>(`/statement-documents/${id}/match`, body), on);

export const useCreateClient = (id: string, on: MutationCallbacks<StatementDocumentDetail> = {}) =>
  useSettle((body: CreateClientBody) => api.post<StatementDocumentDetail>(`/statement-documents/${id}/create-client`, body), on);

export const useIgnoreDocument = (id: string, on: MutationCallbacks<StatementDocumentDetail> = {}) =>
  useSettle((reason: string) => api.post<StatementDocumentDetail>(`/statement-documents/${id}/ignore`, { reason }), on);
