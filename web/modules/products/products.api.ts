import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Product } from '../../../contracts/products';
import { api, type Query } from '../../api';
import type { Me } from '../../lib/session';

export type { Product };
export type ProductList = { items: Product[]; nextCursor: string | null };

export const productKeys = {
  all: ['products'] as const,
  list: (q: Query) => ['products', 'list', q] as const,
  one: (id: string) => ['products', 'one', id] as const,
};

export function useProductList(query: Query) {
  return useQuery({
    queryKey: productKeys.list(query),
    queryFn: ({ signal }) => api.get<ProductList>('/products', query, signal),
    placeholderData: keepPreviousData,
  });
}

/** Active products for a deal's line picker (searched on the server as the user types). */
export function useProductSearch(q: string) {
  return useQuery({
    queryKey: productKeys.list({ q, active: true, limit: 30 }),
    queryFn: ({ signal }) => api.get<ProductList>('/products', { q, active: true, limit: 30 }, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    select: (d) => d.items,
  });
}

/** Who may change the catalogue (the API enforces the same list). */
export const canEditProducts = (me: Me) => ['admin', 'director', 'head_of_sales', 'marketing', 'finance'].includes(me.user.role);
