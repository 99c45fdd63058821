export { invoicesRoutes } from './invoices.routes.js';
export { invoiceRecord, paymentRecord } from './invoices.record.js';
export { getInvoice, readInvoice } from './invoices.read.js';
export { createInvoice } from './invoices.service.js';
export { legalEntityHasInvoices } from './invoices.repository.js';
export type { InvoicesTables } from './invoices.table.js';
export { registerInvoiceMerges } from './invoices.merge.js';
export { onInvoiceIssue, type IssueCheck } from './invoices.issue.js';
export { paymentsRoutes } from './payments.routes.js';
