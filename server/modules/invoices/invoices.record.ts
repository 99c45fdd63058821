import { sql } from 'kysely';
import type { RecordKind } from '../../platform/registry.js';
import { InvoiceErrors } from './invoices.errors.js';
import { visibilityOf } from '../../platform/registry.js';

/** Invoices as the registry knows them: owned like deals; a draft is named by its id until numbered. */
export const invoiceRecord: RecordKind = {
  kind: 'invoice',
  table: 'invoices',
  name: (alias) => sql<string>`coalesce(${sql.ref(`${alias}.number`)}, '#' || left(${sql.ref(`${alias}.id`)}::text, 8))`,
  owned: true,
  webPath: (id) => `/invoices/${id}`,
  links: [
    { idKey: 'companyId', kind: 'company', nameKeys: ['companyName'], linkKey: 'company' },
    { idKey: 'contactId', kind: 'contact', nameKeys: [], linkKey: 'contact' },
    { idKey: 'dealId', kind: 'deal', nameKeys: [], linkKey: 'deal' },
  ],
  // The timeline (issue, payments, corrections) comes from the records module like every kind's.
  api: { segment: 'invoices', notFound: InvoiceErrors.INVOICE_NOT_FOUND, timeline: true },
};

/** Payments: visible to whoever may see the client that paid (the books themselves are finance's). */
export const paymentRecord: RecordKind = {
  kind: 'payment',
  table: 'payments',
  name: (alias) => sql<string>`${sql.ref(`${alias}.amount`)}::text || ' ' || ${sql.ref(`${alias}.currency`)}`,
  owned: false,
  visible: (user, alias) => sql<boolean>`exists (select 1 from companies pc where pc.id = ${sql.ref(`${alias}.company_id`)}
    and pc.workspace_id = ${sql.ref(`${alias}.workspace_id`)} and ${visibilityOf(user, 'company', 'pc')})`,
  webPath: (id) => `/payments/${id}`,
  // The client, and the invoices it is allocated to by number.
  links: [
    { idKey: 'companyId', kind: 'company', nameKeys: ['companyName'], linkKey: 'company' },
    { idKey: 'invoiceId', kind: 'invoice', nameKeys: ['number'] },
  ],
};
