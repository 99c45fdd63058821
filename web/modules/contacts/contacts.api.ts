import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type Query } from '../../api';
import type { Page } from '../../ui/RecordTable';
import type { ListParams } from '../../ui/ListFilters';

export type Contact = {
  id: string;
  firstName: string;
  middleName: string | null;
  lastName: string | null;
  fullName?: string;
  companyId: string | null;
  companyName?: string | null;
  position: string | null;
  companies?: { companyId: string; companyName?: string | null; position: string | null; isPrimary?: boolean }[];
  phones: { type: string; number: string }[];
  emails: { type: string; address: string }[];
  messengers: { type: string; handle: string }[];
  birthday: string | null;
  importantDates: { label: string; date: string }[];
  preferences: { kind: string; text: string }[];
  links?: { contactId: string; kind: 'knows' | 'referred'; direction?: 'from' | 'to'; name?: string | null; note?: string | null }[];
  segment: string | null;
  source: string | null;
  tags: string[];
  ownerId: string | null;
  notes: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export const contactKeys = {
  all: ['contacts'] as const,
  lists: ['contacts', 'list'] as const,
  detail: (id: string) => ['contacts', 'detail', id] as const,
};

export const PAGE_SIZE = 50;

export const displayName = (c: Pick<Contact, 'firstName' | 'middleName' | 'lastName'> & { fullName?: string }) =>
  c.fullName || [c.lastName, c.firstName, c.middleName].filter(Boolean).join(' ');

export function useContactList(p: ListParams & { companyId?: string }) {
  const query: Query = {
    q: p.q,
    ownerId: p.ownerId,
    tag: p.tag,
    segment: p.segment,
    companyId: p.companyId,
    sort: `${p.sort.desc ? '-' : ''}${p.sort.field}`,
    limit: PAGE_SIZE,
  };
  return useInfiniteQuery({
    queryKey: [...contactKeys.lists, query],
    queryFn: ({ pageParam, signal }) => api.get<Page<Contact>>('/contacts', { ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useContact(id: string | undefined) {
  return useQuery({
    queryKey: contactKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<Contact>(`/contacts/${id}`, undefined, signal),
    enabled: !!id,
  });
}
