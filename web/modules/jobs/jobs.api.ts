import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Job, JobList, JobState } from '../../../contracts/jobs';
import { api } from '../../api';

/** The workspace's background jobs of one state (or all), refreshed while the page is open. */
export function useJobs(state: JobState | undefined, cursor: string | undefined) {
  return useQuery({
    queryKey: ['jobs', state ?? 'all', cursor],
    queryFn: ({ signal }) => api.get<JobList>('/jobs', { state, cursor, limit: 50 }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
}

/** Runs a failed job again now. */
export function useRetryJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Job>(`/jobs/${id}/retry`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['jobs'] }),
  });
}
