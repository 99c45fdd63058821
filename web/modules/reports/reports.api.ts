import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Forecast, LostReasonsReport } from '../../../contracts/reports';
import { api, type Query } from '../../api';

export type { Forecast, LostReasonsReport };

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
