import { useQuery } from '@tanstack/react-query';
import type { ExportEntity, ExportJob } from '../../contracts/exports';
import { api, apiUrl, type FileAnswer, type Query } from '../api';

// List exports: every list's "Export" asks its own /<list>/export; a large list answers with a job,
// followed here until its file can be downloaded.

/** Asks for the file: it comes back at once, or as a job (202) when the list is large. */
export const requestExport = (entity: ExportEntity, query: Query): Promise<FileAnswer<ExportJob>> =>
  api.file<ExportJob>(`/${entity}/export`, query);

/** The job of a large export, asked again every second until it is done or failed. */
export function useExportJob(initial: ExportJob | null) {
  return useQuery({
    queryKey: ['exports', initial?.id],
    queryFn: ({ signal }) => api.get<ExportJob>(`/exports/${initial!.id}`, undefined, signal),
    enabled: !!initial,
    initialData: initial ?? undefined,
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'done' || q.state.data.status === 'failed') ? false : 1000),
  });
}

/** Where the browser downloads one contact's vCard; the session cookie authorises it. */
export const contactVcardUrl = (id: string) => apiUrl(`/contacts/${id}/vcard`);
