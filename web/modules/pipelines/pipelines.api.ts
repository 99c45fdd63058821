import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { LostReason, Pipeline, Stage } from '../../../contracts/pipelines';
import { api } from '../../api';

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
