import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type Query } from '../../api';
import type { Page } from '../../ui/RecordTable';
import type { ListParams } from '../../ui/ListFilters';

export type Phone = { type: string; number: string };
export type Email = { type: string; address: string };
export type Address = { type: string; text: string };

export type Company = {
  id: string;
  name: string;
  legalForm: string | null;
  country: string | null;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  bik: string | null;
  bankName: string | null;
  settlementAccount: string | null;
  corrAccount: string | null;
  eik: string | null;
  vatNumber: string | null;
  iban: string | null;
  addresses: Address[];
  phones: Phone[];
  emails: Email[];
  website: string | null;
  industry: string | null;
  segment: string | null;
  source: string | null;
  tags: string[];
  ownerId: string | null;
  notes: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

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
    limit: PAGE_SIZE,
  };
}

export function useCompanyList(p: ListParams) {
  const query = listQuery(p);
  return useInfiniteQuery({
    queryKey: [...companyKeys.lists, query],
    queryFn: ({ pageParam, signal }) => api.get<Page<Company>>('/companies', { ...query, cursor: pageParam }, signal),
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
