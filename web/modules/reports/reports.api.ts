import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Forecast, LostReasonsReport } from '../../../contracts/reports';
import type { TicketReport } from '../../../contracts/tickets';
import { api, type Query } from '../../api';

export type { Forecast, LostReasonsReport, TicketReport };

export function useForecast(query: Query) {
  return useQuery({
    queryKey: ['reports', 'forecast', query],
    queryFn: ({ signal }) => api.get<Forecast>('/reports/forecast', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useLostReasonsReport(query: Query) {
  return useQuery({
    queryKey: ['reports', 'lost-reasons', query],
    queryFn: ({ signal }) => api.get<LostReasonsReport>('/reports/lost-reasons', query, signal),
    placeholderData: keepPreviousData,
  });
}

/** Tickets created in a period by product, category or client segment. */
export function useTicketsReport(query: Query) {
  return useQuery({
    queryKey: ['reports', 'tickets', query],
    queryFn: ({ signal }) => api.get<TicketReport>('/reports/tickets', query, signal),
    placeholderData: keepPreviousData,
  });
}
