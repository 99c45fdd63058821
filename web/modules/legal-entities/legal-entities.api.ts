import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateLegalEntity, LegalEntity } from '../../../contracts/legal-entities';
import { api, isApiError } from '../../api';
import type { MutationCallbacks } from '../../lib/mutations';

export type { LegalEntity };
export const legalEntityKeys = { all: ['legal-entities'] as const };

export function useLegalEntities(enabled = true) {
  return useQuery({
    enabled,
    queryKey: legalEntityKeys.all,
    queryFn: ({ signal }) => api.get<{ items: LegalEntity[] }>('/legal-entities', undefined, signal),
  });
}

/** Creates a legal entity, or saves `entity` at its version; a stale version reloads the list. */
export function useSaveLegalEntity(entity: LegalEntity | null, on: MutationCallbacks<LegalEntity> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateLegalEntity) =>
      entity
        ? api.patch<LegalEntity>(`/legal-entities/${entity.id}`, { ...body, version: entity.version })
        : api.post<LegalEntity>('/legal-entities', body),
    onSuccess: async (saved) => {
      await qc.invalidateQueries({ queryKey: legalEntityKeys.all });
      await on.onSuccess?.(saved);
    },
    onError: (err) => {
      if (isApiError(err) && err.isVersionConflict) void qc.invalidateQueries({ queryKey: legalEntityKeys.all });
      on.onError?.(err);
    },
  });
}
