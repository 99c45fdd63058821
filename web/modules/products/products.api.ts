import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Product } from '../../../contracts/products';
import { api, isApiError, type Query } from '../../api';
import type { MutationCallbacks } from '../../lib/mutations';
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

export type ProductBody = {
  name: string;
  sku: string | null;
  unit: string | null;
  description: string | null;
  prices: { currency: string; amount: string }[];
  vatRate: string;
  isActive: boolean;
};

/** Creates a catalogue item, or saves `product` at its version; a stale version reloads the catalogue. */
export function useSaveProduct(product: Product | null, on: MutationCallbacks<Product> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProductBody) =>
      product ? api.patch<Product>(`/products/${product.id}`, { ...body, version: product.version }) : api.post<Product>('/products', body),
    onSuccess: async (saved) => {
      await qc.invalidateQueries({ queryKey: productKeys.all });
      await on.onSuccess?.(saved);
    },
    onError: (err) => {
      if (isApiError(err) && err.isVersionConflict) void qc.invalidateQueries({ queryKey: productKeys.all });
      on.onError?.(err);
    },
  });
}

/** Brings a deleted product back into the catalogue. */
export function useRestoreProduct(on: MutationCallbacks<Product> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: Product) => api.post(`/products/${p.id}/restore`).then(() => p),
    onSuccess: async (p) => {
      await qc.invalidateQueries({ queryKey: productKeys.all });
      await on.onSuccess?.(p);
    },
    onError: on.onError,
  });
}
