import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Contact, ContactListItem } from '../../../contracts/contacts';
import { api, type Query } from '../../api';
import type { Page } from '../../ui/RecordTable';
import type { ListParams } from '../../ui/ListFilters';

export type { Contact, ContactListItem };

export const contactKeys = {
  all: ['contacts'] as const,
  lists: ['contacts', 'list'] as const,
  detail: (id: string) => ['contacts', 'detail', id] as const,
};

export const PAGE_SIZE = 50;

/** "Ivanov Ivan Ivanovich" as the server composes it, or from the parts before it is saved. */
export const displayName = (c: { firstName: string; middleName: string | null; lastName: string | null; fullName?: string }) =>
  c.fullName || [c.lastName, c.firstName, c.middleName].filter(Boolean).join(' ');

/** The list's filters and sort as its GET takes them (the export sends the same). */
export function contactListQuery(p: ListParams & { companyId?: string }): Query {
  return {
    q: p.q,
    ownerId: p.ownerId,
    tag: p.tag,
    segment: p.segment,
    companyId: p.companyId,
    sort: `${p.sort.desc ? '-' : ''}${p.sort.field}`,
    deleted: p.deleted ? 'true' : undefined,
    limit: PAGE_SIZE,
  };
}

export function useContactList(p: ListParams & { companyId?: string }) {
  const query = contactListQuery(p);
  return useInfiniteQuery({
    queryKey: [...contactKeys.lists, query],
    queryFn: ({ pageParam, signal }) => api.get<Page<ContactListItem>>('/contacts', { ...query, cursor: pageParam }, signal),
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
