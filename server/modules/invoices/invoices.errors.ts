import { defineErrors } from '../../platform/errors.js';

/** Errors of invoices and payments (messages in contracts/i18n/invoices.ts). */
export const InvoiceErrors = defineErrors('invoices', {
  INVOICE_NOT_FOUND: { status: 404 },
  INVOICE_NOT_DRAFT: { status: 409 },
  INVOICE_NOT_ISSUED: { status: 409 },
  INVOICE_ALREADY_CANCELLED: { status: 409 },
  INVOICE_NEEDS_CREDIT_NOTE: { status: 409 },
  INVOICE_CREDIT_NOTE_NOT_ALLOWED: { status: 409 },
  INVOICE_NUMBERING_IN_USE: { status: 409 },
  PAYMENT_NOT_FOUND: { status: 404 },
  PAYMENT_ALREADY_REVERSED: { status: 409 },
  // Sending by e-mail: the server has no SMTP (ORBITA_SMTP_URL), or the invoice is not one to send.
  MAIL_NOT_CONFIGURED: { status: 503 },
  INVOICE_NOT_SENDABLE: { status: 409 },
});

/** Field rule codes (dotted: translated from the invoices catalogue). */
export const InvoiceRules = {
  legalEntityNotFound: 'invoices.rules.legalEntityNotFound',
  companyNotFound: 'invoices.rules.companyNotFound',
  contactNotFound: 'invoices.rules.contactNotFound',
  dealNotFound: 'invoices.rules.dealNotFound',
  productNotFound: 'invoices.rules.productNotFound',
  vatRateNotAllowed: 'invoices.rules.vatRateNotAllowed',
  vatReasonRequired: 'invoices.rules.vatReasonRequired',
  dueBeforeIssue: 'invoices.rules.dueBeforeIssue',
  supplyAfterIssue: 'invoices.rules.supplyAfterIssue',
  euroOnly: 'invoices.rules.euroOnly',
  amountTooLarge: 'invoices.rules.amountTooLarge',
  linesRequired: 'invoices.rules.linesRequired',
  issueDateBeforeLast: 'invoices.rules.issueDateBeforeLast',
  creditNoteFixed: 'invoices.rules.creditNoteFixed',
  creditExceedsInvoice: 'invoices.rules.creditExceedsInvoice',
  invoiceNotFound: 'invoices.rules.invoiceNotFound',
  notPayable: 'invoices.rules.notPayable',
  otherCompany: 'invoices.rules.otherCompany',
  currencyMismatch: 'invoices.rules.currencyMismatch',
  exceedsBalance: 'invoices.rules.exceedsBalance',
  duplicateInvoice: 'invoices.rules.duplicateInvoice',
  allocationsExceedPayment: 'invoices.rules.allocationsExceedPayment',
  dateInFuture: 'invoices.rules.dateInFuture',
  noAdvance: 'invoices.rules.noAdvance',
  prefixFormat: 'invoices.rules.prefixFormat',
  firstNumberBgOnly: 'invoices.rules.firstNumberBgOnly',
  dealNoCompany: 'invoices.rules.dealNoCompany',
  legalEntityRequired: 'invoices.rules.legalEntityRequired',
  badAddress: 'invoiceOutput.rules.badAddress',
  tooManyRecipients: 'invoiceOutput.rules.tooManyRecipients',
} as const;
