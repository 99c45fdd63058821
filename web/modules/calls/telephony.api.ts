import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConnectionDto, LineDto } from '../../../contracts/calls';
import { api } from '../../api';

export type { ConnectionDto, LineDto };

/** How often the admin's page looks at the connections again: the follower's state changes on its own. */
const CONNECTIONS_REFRESH_MS = 5_000;

export function useConnections() {
  return useQuery({
    queryKey: ['telephony', 'connections'],
    queryFn: ({ signal }) => api.get<{ items: ConnectionDto[] }>('/telephony/connections', undefined, signal),
    refetchInterval: CONNECTIONS_REFRESH_MS,
    select: (d) => d.items,
  });
}

export function useLines() {
  return useQuery({
    queryKey: ['telephony', 'lines'],
    queryFn: ({ signal }) => api.get<{ items: LineDto[] }>('/telephony/lines', undefined, signal),
    select: (d) => d.items,
  });
}

export function useTelephonySettings() {
  return useQuery({
    queryKey: ['telephony', 'settings'],
    queryFn: ({ signal }) => api.get<{ callBackTasks: boolean }>('/telephony/settings', undefined, signal),
  });
}

/** Every change of the telephony settings refreshes them, and whether call buttons show. */
function useTelephonyMutation<B>(fn: (body: B) => Promise<unknown>, also: readonly unknown[][] = []) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['telephony'] });
      void qc.invalidateQueries({ queryKey: ['calls', 'originate'] });
      for (const key of also) void qc.invalidateQueries({ queryKey: key });
    },
  });
}

export type ConnectionBody =
  | {
      provider: 'asterisk';
      host: string;
      port: number;
      username: string;
      secret: string;
      originateChannel?: string;
      originateContext?: string;
    }
  | { provider: 'mango'; apiKey: string; apiSalt: string }
  | { provider: 'zadarma'; key: string; secret: string };

export const useCreateConnection = () => useTelephonyMutation((b: ConnectionBody) => api.post('/telephony/connections', b));
export const useDeleteConnection = () => useTelephonyMutation((id: string) => api.del(`/telephony/connections/${id}`));

export type LineBody = { number: string; name: string; defaultUserId: string | null };
export const useCreateLine = () => useTelephonyMutation((b: LineBody) => api.post('/telephony/lines', b));
export const useUpdateLine = () =>
  useTelephonyMutation(({ id, ...b }: LineBody & { id: string }) => api.patch(`/telephony/lines/${id}`, b));
export const useDeleteLine = () => useTelephonyMutation((id: string) => api.del(`/telephony/lines/${id}`));
export const useSaveTelephonySettings = () => useTelephonyMutation((b: { callBackTasks: boolean }) => api.patch('/telephony/settings', b));
/** A user's extension (admin); the users everywhere refresh. */
export const useSaveExtension = () =>
  useTelephonyMutation(
    ({ id, extension }: { id: string; extension: string | null }) => api.patch(`/users/${id}`, { extension }),
    [['users']],
  );
