import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Contract, CreateContract, Credit, CreditOverride, UpdateContract } from '../../../contracts/contracts';
import { api, type Query } from '../../api';
import type { MutationCallbacks } from '../../lib/mutations';

export type { Contract, Credit, CreditOverride };

export const contractKeys = {
  all: ['contracts'] as const,
  list: (q: Query) => ['contracts', 'list', q] as const,
  one: (id: string) => ['contracts', 'one', id] as const,
};
/** Credit state is derived from invoices and payments too: their changes refresh ['credit']. */
export const creditKeys = {
  all: ['credit'] as const,
  of: (companyId: string) => ['credit', 'company', companyId] as const,
  holds: (ids: readonly string[]) => ['credit', 'holds', [...ids].sort().join(',')] as const,
  passes: (companyId: string) => ['credit', 'passes', companyId] as const,
};

/** Roles that write contracts (the API's rule); the credit limit and terms only CREDIT_ROLES. */
export const CONTRACT_WRITERS = ['admin', 'finance', 'director', 'head_of_sales'] as const;
export const CREDIT_ROLES = ['admin', 'finance', 'director'] as const;

export function useContracts(query: Query, enabled = true) {
  return useQuery({
    queryKey: contractKeys.list(query),
    queryFn: ({ signal }) => api.get<{ items: Contract[]; nextCursor: string | null }>('/contracts', query, signal),
    enabled,
  });
}

export function useContract(id: string | undefined) {
  return useQuery({
    queryKey: contractKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<Contract>(`/contracts/${id}`, undefined, signal),
    enabled: !!id,
  });
}

function useChanged() {
  const qc = useQueryClient();
  return (saved?: Contract) => {
    if (saved) qc.setQueryData(contractKeys.one(saved.id), saved);
    void qc.invalidateQueries({ queryKey: contractKeys.all });
    void qc.invalidateQueries({ queryKey: creditKeys.all });
  };
}

/** Creates a contract, or saves `contract` at its version. */
export function useSaveContract(contract: Contract | null, on: MutationCallbacks<Contract> = {}) {
  const changed = useChanged();
  return useMutation({
    mutationFn: (body: CreateContract | Omit<UpdateContract, 'version'>) =>
      contract
        ? api.patch<Contract>(`/contracts/${contract.id}`, { ...body, version: contract.version })
        : api.post<Contract>('/contracts', body),
    onSuccess: (c) => {
      changed(c);
      on.onSuccess?.(c);
    },
    onError: on.onError,
  });
}

export function useDeleteContract(on: MutationCallbacks<void> = {}) {
  const changed = useChanged();
  return useMutation({
    mutationFn: (id: string) => api.del(`/contracts/${id}`),
    onSuccess: () => {
      changed();
      on.onSuccess?.();
    },
    onError: on.onError,
  });
}

export function useCredit(companyId: string | null | undefined) {
  return useQuery({
    queryKey: creditKeys.of(companyId ?? ''),
    queryFn: ({ signal }) => api.get<Credit>(`/companies/${companyId}/credit`, undefined, signal),
    enabled: !!companyId,
  });
}

/** Which of a page's clients are on hold: one request for all the badges of a list or the board. */
export function useCreditHolds(companyIds: readonly string[]) {
  const ids = [...new Set(companyIds)].slice(0, 200);
  return useQuery({
    queryKey: creditKeys.holds(ids),
    queryFn: ({ signal }) => api.get<{ onHold: string[] }>('/credit/holds', { companyIds: ids.join(',') }, signal),
    enabled: ids.length > 0,
    select: (d) => new Set(d.onHold),
  });
}

export function useCreditPasses(companyId: string, enabled: boolean) {
  return useQuery({
    queryKey: creditKeys.passes(companyId),
    queryFn: ({ signal }) => api.get<{ items: CreditOverride[] }>(`/companies/${companyId}/credit/overrides`, undefined, signal),
    enabled,
  });
}

/** Lets the client through its hold once (finance, director, admin). */
export function useGrantPass(companyId: string, on: MutationCallbacks<CreditOverride> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => api.post<CreditOverride>(`/companies/${companyId}/credit/overrides`, { reason }),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: creditKeys.all });
      on.onSuccess?.(p);
    },
    onError: on.onError,
  });
}
