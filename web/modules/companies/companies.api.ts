import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Company, CompanyListItem } from '../../../contracts/companies';
import { api, type Query } from '../../api';
import type { Page } from '../../ui/RecordTable';
import type { ListParams } from '../../ui/ListFilters';

export type { Company, CompanyListItem };

export const companyKeys = {
  all: ['companies'] as const,
  lists: ['companies', 'list'] as const,
  detail: (id: string) => ['companies', 'detail', id] as const,
};

export const PAGE_SIZE = 50;

export function listQuery(p: ListParams): Query {
  return {
    q: p.q,
    ownerId: p.ownerId,
    tag: p.tag,
    segment: p.segment,
    sort: `${p.sort.desc ? '-' : ''}${p.sort.field}`,
    deleted: p.deleted ? 'true' : undefined,
    limit: PAGE_SIZE,
  };
}

export function useCompanyList(p: ListParams) {
  const query = listQuery(p);
  return useInfiniteQuery({
    queryKey: [...companyKeys.lists, query],
    queryFn: ({ pageParam, signal }) => api.get<Page<CompanyListItem>>('/companies', { ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCompany(id: string | undefined) {
  return useQuery({
    queryKey: companyKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<Company>(`/companies/${id}`, undefined, signal),
    enabled: !!id,
  });
}
