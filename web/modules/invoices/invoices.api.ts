import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  advanceSchema,
  CreateInvoice,
  CreatePayment,
  Invoice,
  InvoiceListItem,
  invoiceListSchema,
  Payment,
  paymentListSchema,
  receivablesDetailSchema,
  receivablesSchema,
  UpdateInvoice,
} from '../../../contracts/invoices';
import { api, apiUrl, isApiError, type Query } from '../../api';
import type { MutationCallbacks } from '../../lib/mutations';

export type { Invoice, InvoiceListItem, Payment };
export type InvoiceList = z.infer<typeof invoiceListSchema>;
export type PaymentList = z.infer<typeof paymentListSchema>;
export type Receivables = z.infer<typeof receivablesSchema>;
export type ReceivablesDetail = z.infer<typeof receivablesDetailSchema>;
export type Advance = z.infer<typeof advanceSchema>;

export const invoiceKeys = {
  all: ['invoices'] as const,
  list: (q: Query) => ['invoices', 'list', q] as const,
  one: (id: string) => ['invoices', 'one', id] as const,
  pdf: (id: string, version: number) => ['invoices', 'pdf', id, version] as const,
};
const paymentKeys = { all: ['payments'] as const, list: (q: Query) => ['payments', 'list', q] as const };
const receivableKeys = { all: ['receivables'] as const };

/** Roles that keep the books: they register and reverse payments (the API enforces the same). */
export const MONEY_ROLES = ['finance', 'director', 'admin'] as const;

export function useInvoiceList(query: Query) {
  return useQuery({
    queryKey: invoiceKeys.list(query),
    queryFn: ({ signal }) => api.get<InvoiceList>('/invoices', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useInvoice(id: string | undefined) {
  return useQuery({
    queryKey: invoiceKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<Invoice>(`/invoices/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/**
 * An invoice changed on the server: its page shows the answer at once; lists, payments, the
 * receivables and its timeline refetch (an issue or a payment moves all of them).
 */
function useInvoiceChanged() {
  const qc = useQueryClient();
  return (saved?: Invoice) => {
    if (saved) qc.setQueryData(invoiceKeys.one(saved.id), saved);
    void qc.invalidateQueries({ queryKey: invoiceKeys.all, predicate: (q) => !saved || q.queryKey[2] !== saved.id });
    void qc.invalidateQueries({ queryKey: paymentKeys.all });
    void qc.invalidateQueries({ queryKey: receivableKeys.all });
    // The credit hold follows what the client owes (contracts' creditKeys).
    void qc.invalidateQueries({ queryKey: ['credit'] });
    if (saved) void qc.invalidateQueries({ queryKey: ['timeline', `/invoices/${saved.id}`] });
  };
}

function useInvoiceAction<V>(send: (v: V) => Promise<Invoice>, on: MutationCallbacks<Invoice>) {
  const changed = useInvoiceChanged();
  return useMutation({
    mutationFn: send,
    onSuccess: async (inv) => {
      changed(inv);
      await on.onSuccess?.(inv);
    },
    onError: on.onError,
  });
}

export const useCreateInvoice = (on: MutationCallbacks<Invoice> = {}) =>
  useInvoiceAction((body: CreateInvoice) => api.post<Invoice>('/invoices', body), on);

/** A draft invoice from the deal's lines, client and contact (one click on the deal page). */
export const useInvoiceFromDeal = (dealId: string, on: MutationCallbacks<Invoice> = {}) =>
  useInvoiceAction((body: { legalEntityId?: string }) => api.post<Invoice>(`/deals/${dealId}/invoice`, body), on);

/** Saves a draft at its version; a stale version reloads it. */
export function useUpdateInvoice(inv: Invoice, on: MutationCallbacks<Invoice> = {}) {
  const qc = useQueryClient();
  return useInvoiceAction(
    (body: Omit<UpdateInvoice, 'version'>) => api.patch<Invoice>(`/invoices/${inv.id}`, { ...body, version: inv.version }),
    {
      onSuccess: on.onSuccess,
      onError: (err) => {
        if (isApiError(err) && err.isVersionConflict) void qc.invalidateQueries({ queryKey: invoiceKeys.one(inv.id) });
        on.onError?.(err);
      },
    },
  );
}

/** Issues the draft; finance, the director or admin may pass `creditOverrideReason` to let a client on credit hold through once. */
export const useIssueInvoice = (inv: Invoice, on: MutationCallbacks<Invoice> = {}) =>
  useInvoiceAction(
    (creditOverrideReason?: string) =>
      api.post<Invoice>(`/invoices/${inv.id}/issue`, { version: inv.version, ...(creditOverrideReason ? { creditOverrideReason } : {}) }),
    on,
  );

export const useCancelInvoice = (inv: Invoice, on: MutationCallbacks<Invoice> = {}) =>
  useInvoiceAction((reason: string) => api.post<Invoice>(`/invoices/${inv.id}/cancel`, { reason, version: inv.version }), on);

/** Drafts a кредитно известие for the whole invoice; its lines are then edited on its own page. */
export const useCreditNote = (inv: Invoice, on: MutationCallbacks<Invoice> = {}) =>
  useInvoiceAction((reason: string) => api.post<Invoice>(`/invoices/${inv.id}/credit-note`, { reason }), on);

export const useRestoreInvoice = (inv: Invoice, on: MutationCallbacks<Invoice> = {}) =>
  useInvoiceAction(() => api.post<Invoice>(`/invoices/${inv.id}/restore`), on);

export const useApplyAdvance = (inv: Invoice, on: MutationCallbacks<Invoice> = {}) =>
  useInvoiceAction(() => api.post<Invoice>(`/invoices/${inv.id}/apply-advance`, {}), on);

/** Moves a draft to the bin. */
export function useDeleteInvoice(inv: Invoice, on: MutationCallbacks<void> = {}) {
  const changed = useInvoiceChanged();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.del(`/invoices/${inv.id}`),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: invoiceKeys.one(inv.id) });
      changed();
      await on.onSuccess?.();
    },
    onError: on.onError,
  });
}

/** Sends the invoice's PDF by email (queued on the server; the timeline records the sending). */
export function useSendInvoice(inv: Invoice, on: MutationCallbacks<unknown> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { to: string; subject?: string; message?: string }) => api.post(`/invoices/${inv.id}/send`, body),
    onSuccess: async (res) => {
      void qc.invalidateQueries({ queryKey: ['timeline', `/invoices/${inv.id}`] });
      await on.onSuccess?.(res);
    },
    onError: on.onError,
  });
}

export const invoicePdfUrl = (id: string) => apiUrl(`/invoices/${id}/pdf`);

/**
 * The invoice's PDF as a blob: URL for the preview frame (fetched with the session, so the
 * server's own frame protections stay as they are). Null when the server answers with no PDF
 * (the endpoint is missing or refuses): the page then shows no preview.
 */
export function useInvoicePdf(id: string, version: number, enabled: boolean) {
  const query = useQuery({
    queryKey: invoiceKeys.pdf(id, version),
    enabled,
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
    queryFn: async ({ signal }) => {
      const res = await fetch(invoicePdfUrl(id), { credentials: 'same-origin', headers: { accept: 'application/pdf' }, signal });
      if (!res.ok || !(res.headers.get('content-type') ?? '').startsWith('application/pdf')) return null;
      return await res.blob();
    },
  });
  return query;
}

// ---------------------------------------------------------------- payments

export function usePaymentList(query: Query, enabled = true) {
  return useQuery({
    enabled,
    queryKey: paymentKeys.list(query),
    queryFn: ({ signal }) => api.get<PaymentList>('/payments', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCompanyAdvance(companyId: string | null | undefined) {
  return useQuery({
    queryKey: ['payments', 'advance', companyId],
    queryFn: ({ signal }) => api.get<Advance>(`/companies/${companyId}/advance`, undefined, signal),
    enabled: !!companyId,
  });
}

/** Registers a payment with its allocations; every invoice it pays refetches. */
export function useCreatePayment(on: MutationCallbacks<Payment> = {}) {
  const changed = useInvoiceChanged();
  return useMutation({
    mutationFn: (body: CreatePayment) => api.post<Payment>('/payments', body),
    onSuccess: async (p) => {
      changed();
      await on.onSuccess?.(p);
    },
    onError: on.onError,
  });
}

export function useReversePayment(on: MutationCallbacks<Payment> = {}) {
  const changed = useInvoiceChanged();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => api.post<Payment>(`/payments/${id}/reverse`, { reason }),
    onSuccess: async (p) => {
      changed();
      await on.onSuccess?.(p);
    },
    onError: on.onError,
  });
}

// ---------------------------------------------------------------- receivables

export function useReceivables(query: Query) {
  return useQuery({
    queryKey: ['receivables', query],
    queryFn: ({ signal }) => api.get<Receivables>('/reports/receivables', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useReceivablesOf(companyId: string | null, asOf: string | undefined) {
  return useQuery({
    queryKey: ['receivables', 'of', companyId, asOf],
    queryFn: ({ signal }) => api.get<ReceivablesDetail>(`/reports/receivables/${companyId}`, { asOf }, signal),
    enabled: !!companyId,
  });
}
