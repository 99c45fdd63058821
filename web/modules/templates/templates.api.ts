import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { placeholderListSchema, PreviewBody, TemplateDto, templateListSchema } from '../../../contracts/templates';
import { api } from '../../api';
import type { MutationCallbacks } from '../../lib/mutations';

export type { TemplateDto };
export type TemplateList = z.infer<typeof templateListSchema>;
export type Placeholder = z.infer<typeof placeholderListSchema>['items'][number];
const keys = { all: ['templates'] as const, placeholders: ['templates', 'placeholders'] as const };

/** Who uploads and deletes templates (the API's rule). */
export const TEMPLATE_EDITORS = ['admin', 'finance'] as const;

export function useTemplates() {
  return useQuery({ queryKey: keys.all, queryFn: ({ signal }) => api.get<TemplateList>('/templates', undefined, signal) });
}

export function usePlaceholders(enabled: boolean) {
  return useQuery({
    queryKey: keys.placeholders,
    enabled,
    staleTime: Infinity,
    queryFn: ({ signal }) => api.get<{ items: Placeholder[] }>('/templates/placeholders', undefined, signal),
    select: (d) => d.items,
  });
}

/** Uploads a .docx; the server checks every placeholder and names a bad one. */
export function useUploadTemplate(on: MutationCallbacks<TemplateDto> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { file: File; name: string; language: string }) => {
      const form = new FormData();
      if (v.name.trim()) form.append('name', v.name.trim());
      form.append('language', v.language);
      form.append('file', v.file, v.file.name);
      return api.upload<TemplateDto>('/templates', form);
    },
    onSuccess: async (tpl) => {
      await qc.invalidateQueries({ queryKey: keys.all });
      await on.onSuccess?.(tpl);
    },
    onError: on.onError,
  });
}

export function useDeleteTemplate(on: MutationCallbacks<void> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/templates/${id}`),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: keys.all });
      await on.onSuccess?.();
    },
    onError: on.onError,
  });
}

/** The template filled from a real record: the file itself (PDF or DOCX). */
export function usePreviewTemplate(on: MutationCallbacks<Blob> = {}) {
  return useMutation({
    mutationFn: (body: PreviewBody) => api.postBlob('/templates/preview', body),
    onSuccess: on.onSuccess,
    onError: on.onError,
  });
}

export const templateContentUrl = (id: string) => `/api/v1/templates/${id}/content`;
