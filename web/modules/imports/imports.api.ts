import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Import, ImportPreview, importListSchema } from '../../../contracts/imports';
import type { z } from 'zod';
import { api, apiUrl } from '../../api';

export type ImportSettings = {
  entity: 'contacts' | 'companies' | 'deals' | 'activities';
  preset: string | null;
  encoding?: string | null;
  delimiter?: string | null;
  sheet?: string | null;
};

function formOf(file: File, s: ImportSettings, extra: Record<string, string> = {}) {
  const form = new FormData();
  form.set('entity', s.entity);
  if (s.preset) form.set('preset', s.preset);
  if (s.encoding) form.set('encoding', s.encoding);
  if (s.delimiter) form.set('delimiter', s.delimiter);
  if (s.sheet) form.set('sheet', s.sheet);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  // The file last: the server reads the fields first.
  form.set('file', file, file.name);
  return form;
}

/** How the server reads the file: format, encoding, delimiter, first rows and a proposed mapping. */
export function usePreview() {
  return useMutation({
    mutationFn: ({ file, settings }: { file: File; settings: ImportSettings }) =>
      api.upload<ImportPreview>('/imports/preview', formOf(file, settings)),
  });
}

export type StartImport = {
  file: File;
  settings: ImportSettings;
  mapping: Record<string, string>;
  duplicates: 'skip' | 'update' | 'create';
  dryRun: boolean;
  unmappedToNotes: boolean;
  /** Deals: the pipeline rows without their own go to, and the file's stages -> stage ids. */
  pipelineId?: string | null;
  stageMapping?: Record<string, string>;
};

/** Uploads the file and queues its import (or dry run). */
export function useStartImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: StartImport) =>
      api.upload<{ id: string; status: string }>(
        '/imports',
        formOf(s.file, s.settings, {
          mapping: JSON.stringify(s.mapping),
          duplicates: s.duplicates,
          dryRun: String(s.dryRun),
          unmappedToNotes: String(s.unmappedToNotes),
          ...(s.settings.entity === 'deals' && s.pipelineId ? { pipelineId: s.pipelineId } : {}),
          // A stage left to "by name" is not sent: the server matches it by name in the pipeline.
          ...(s.settings.entity === 'deals' && s.stageMapping
            ? { stageMapping: JSON.stringify(Object.fromEntries(Object.entries(s.stageMapping).filter(([, id]) => id))) }
            : {}),
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['imports'] }),
  });
}

const live = (i: Import | undefined) =>
  !!i && (i.status === 'queued' || i.status === 'running' || i.undo?.status === 'queued' || i.undo?.status === 'running');

/** One import, polled every second while it (or its undo) runs. */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: ['imports', id],
    queryFn: ({ signal }) => api.get<Import>(`/imports/${id}`, undefined, signal),
    enabled: !!id,
    refetchInterval: (q) => (live(q.state.data) ? 1000 : false),
  });
}

export function useRecentImports() {
  return useQuery({
    queryKey: ['imports', 'list'],
    queryFn: ({ signal }) => api.get<z.infer<typeof importListSchema>>('/imports', undefined, signal),
  });
}

export function useCancelImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Import>(`/imports/${id}/cancel`),
    onSuccess: (i) => qc.setQueryData(['imports', i.id], i),
  });
}

export function useUndoImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Import>(`/imports/${id}/undo`),
    onSuccess: (i) => qc.setQueryData(['imports', i.id], i),
  });
}

/** The download link of an import's rejected rows. */
export const rejectedUrl = (id: string, format: 'csv' | 'xlsx') => apiUrl(`/imports/${id}/rejected`, { format });
