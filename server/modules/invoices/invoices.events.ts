import type { Invoice, Payment } from '../../../contracts/invoices.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { publish, type DomainEvents } from '../../platform/events.js';

// Domain events of invoices and payments, published in the transaction of the change, so a
// handler above (receivables summaries, the credit hold, webhooks) commits or rolls back with it.
// `invoice.created|updated|deleted|restored` and `payment.created|updated` come from the audit
// writer (both kinds are in the records registry), with the API objects as before/after.

/** An invoice (or credit note) got its number and was frozen. */
export type InvoiceIssued = {
  id: string;
  kind: Invoice['kind'];
  number: string;
  legalEntityId: string;
  companyId: string;
  dealId: string | null;
  correctsInvoiceId: string | null;
  currency: Invoice['currency'];
  total: string;
  issueDate: string;
  dueDate: string;
};

/** An invoice was paid in full (by a payment, or an advance applied to it). */
export type InvoicePaid = {
  id: string;
  number: string | null;
  companyId: string;
  dealId: string | null;
  currency: Invoice['currency'];
  total: string;
  paidTotal: string;
  /** The payment whose allocation settled it. */
  paymentId: string | null;
};

/** A Russian invoice was cancelled; what had been paid on it became the client's advance. */
export type InvoiceCancelled = {
  id: string;
  number: string | null;
  companyId: string;
  dealId: string | null;
  reason: string;
  released: string;
};

/** A payment arrived: the audit writer publishes it with the payment's API object as `after`. */
export type PaymentCreated = { id: string; before: null; after: Payment };

/** A wrong payment was reversed; the invoices it paid are owed again. */
export type PaymentReversed = {
  id: string;
  companyId: string;
  amount: string;
  currency: Payment['currency'];
  reason: string;
  invoices: { invoiceId: string; amount: string }[];
};

declare module '../../platform/events.js' {
  interface DomainEvents {
    'invoice.issued': InvoiceIssued;
    'invoice.paid': InvoicePaid;
    'invoice.cancelled': InvoiceCancelled;
    'payment.created': PaymentCreated;
    'payment.reversed': PaymentReversed;
  }
}

type OwnEvent = 'invoice.issued' | 'invoice.paid' | 'invoice.cancelled' | 'payment.reversed';

/** Publishes one of the events above in the caller's transaction, as the caller. */
export async function publishInvoiceEvent<K extends OwnEvent>(trx: Db, user: AuthUser, type: K, payload: DomainEvents[K]): Promise<void> {
  await publish(trx, type, { workspaceId: user.workspaceId, actorId: user.id, payload });
}
