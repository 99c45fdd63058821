import { useMemo } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LostReason, Pipeline, Stage } from '../../../contracts/pipelines';
import { api, isApiError } from '../../api';
import type { MutationCallbacks } from '../../lib/mutations';

export type { LostReason, Pipeline, Stage };

export const pipelineKeys = {
  all: ['pipelines'] as const,
  lostReasons: (active?: boolean) => ['lost-reasons', active ?? 'all'] as const,
};

/** Pipelines with their ordered stages; they change rarely, so every page shares one cached copy. */
export function usePipelines() {
  return useQuery({
    queryKey: pipelineKeys.all,
    queryFn: ({ signal }) => api.get<{ items: Pipeline[] }>('/pipelines', undefined, signal),
    staleTime: 5 * 60_000,
    select: (d) => d.items,
  });
}

/** stageId -> { stage, pipeline } across all pipelines (deal lists name stages of any pipeline). */
export function useStageIndex(): Map<string, { stage: Stage; pipeline: Pipeline }> {
  const { data } = usePipelines();
  return useMemo(() => {
    const m = new Map<string, { stage: Stage; pipeline: Pipeline }>();
    for (const p of data ?? []) for (const s of p.stages) m.set(s.id, { stage: s, pipeline: p });
    return m;
  }, [data]);
}

/** The configured refusal reasons; `active` limits them to the ones offered when closing a deal. */
export function useLostReasons(active?: boolean) {
  return useQuery({
    queryKey: pipelineKeys.lostReasons(active),
    queryFn: ({ signal }) => api.get<{ items: LostReason[] }>('/lost-reasons', active === undefined ? undefined : { active }, signal),
    staleTime: 5 * 60_000,
    select: (d) => d.items,
  });
}

/** The pipeline a page should open when the user has not picked one: the default, else the first. */
export function defaultPipeline(pipelines: Pipeline[] | undefined): Pipeline | undefined {
  return pipelines?.find((p) => p.isDefault) ?? pipelines?.[0];
}

/** The body of a pipeline as the editor sends it. */
export type PipelineBody = {
  name: string;
  isDefault: boolean;
  stages: { id?: string; name: string; probability?: number; rottingDays: number | null; kind: Stage['kind'] }[];
};

/** Creates a pipeline, or saves `pipeline` at its version; deals show stage names, so they refresh too. */
export function useSavePipeline(pipeline: Pipeline | null, on: MutationCallbacks<Pipeline> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PipelineBody) =>
      pipeline
        ? api.patch<Pipeline>(`/pipelines/${pipeline.id}`, { ...body, version: pipeline.version })
        : api.post<Pipeline>('/pipelines', body),
    onSuccess: async (saved) => {
      await qc.invalidateQueries({ queryKey: pipelineKeys.all });
      await qc.invalidateQueries({ queryKey: ['deals'] });
      await on.onSuccess?.(saved);
    },
    onError: (err) => {
      if (isApiError(err) && err.isVersionConflict) void qc.invalidateQueries({ queryKey: pipelineKeys.all });
      on.onError?.(err);
    },
  });
}

export function useDeletePipeline(pipeline: Pipeline | null, on: MutationCallbacks<void> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.del(`/pipelines/${pipeline!.id}`),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: pipelineKeys.all });
      await on.onSuccess?.();
    },
    onError: on.onError,
  });
}

const invalidateReasons = (qc: ReturnType<typeof useQueryClient>) => qc.invalidateQueries({ queryKey: ['lost-reasons'] });

/** Renames or switches a refusal reason on or off (at its version). */
export function usePatchLostReason(reason: LostReason, on: MutationCallbacks<LostReason> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; isActive?: boolean }) =>
      api.patch<LostReason>(`/lost-reasons/${reason.id}`, { ...body, version: reason.version }),
    onSettled: () => invalidateReasons(qc),
    onSuccess: on.onSuccess,
    onError: on.onError,
  });
}

/** Adds a refusal reason at the end of `list`. */
export function useCreateLostReason(list: LostReason[] | undefined, on: MutationCallbacks<LostReason> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<LostReason>('/lost-reasons', { name, position: list?.length ?? 0 }),
    onSuccess: async (created) => {
      await on.onSuccess?.(created);
      await invalidateReasons(qc);
    },
    onError: on.onError,
  });
}

/** Moves a reason to `to`; positions are rewritten for the whole list (old data may have gaps or ties). */
export function useReorderLostReasons(list: LostReason[] | undefined, on: MutationCallbacks<void> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ reason, to }: { reason: LostReason; to: number }) => {
      const next = [...(list ?? [])];
      const from = next.findIndex((r) => r.id === reason.id);
      next.splice(to, 0, ...next.splice(from, 1));
      await Promise.all(
        next.map((r, i) => (r.position === i ? null : api.patch(`/lost-reasons/${r.id}`, { position: i, version: r.version }))),
      );
    },
    onSettled: () => invalidateReasons(qc),
    onError: on.onError,
  });
}
