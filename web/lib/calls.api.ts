import { useQuery } from '@tanstack/react-query';
import type { OriginateAvailability, OriginateDto } from '../../contracts/calls';
import { api } from '../api';

export type { OriginateDto };

/** Whether this user can click to call (an extension, a PBX that places calls); asked again after five minutes. */
export function useClickToCall() {
  return useQuery({
    queryKey: ['calls', 'originate'],
    queryFn: ({ signal }) => api.get<OriginateAvailability>('/calls/originate', undefined, signal),
    staleTime: 5 * 60_000,
  });
}

/** Asks the PBX to ring the user's phone, then the number; answers once the PBX has, or after a few seconds. */
export const startCall = (number: string, contactId?: string | null) =>
  api.post<OriginateDto>('/calls/originate', { number, ...(contactId ? { contactId } : {}) });

/** How a click-to-call request is going now. */
export const callRequest = (id: string) => api.get<OriginateDto>(`/calls/originate/${id}`);
