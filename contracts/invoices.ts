import { z } from 'zod';
import { int32, isoDate as boundedDate } from './common.js';
import { currencySchema, moneySchema, percentSchema, quantitySchema } from './products.js';
import { linkedRecordSchema } from './records.js';
import { builtInTemplateIds, documentLanguageSchema } from './templates.js';

// Invoices (счёт на оплату, фактура, кредитно известие), payments and receivables: the API, its
// validation and its OpenAPI documentation. Amounts are decimal strings computed on the server.

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().optional();
const isoDate = boundedDate();
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const invoiceStatuses = ['draft', 'issued', 'partially_paid', 'paid', 'cancelled'] as const;
export const invoiceStatusSchema = z.enum(invoiceStatuses);
export type InvoiceStatus = z.infer<typeof invoiceStatusSchema>;

/** An invoice, or a Bulgarian кредитно известие correcting one (same number series). */
export const invoiceKinds = ['invoice', 'credit_note'] as const;
export const invoiceKindSchema = z.enum(invoiceKinds);
export type InvoiceKind = z.infer<typeof invoiceKindSchema>;

/** VAT rates by the country of the issuing legal entity; `none` is «Без НДС» (its reason required). */
export const vatRatesByCountry = { RU: ['22', '10', '0', 'none'], BG: ['20', '9', '0'] } as const;

/** Days until the due date when an invoice made from a deal names none. */
export const DEFAULT_PAYMENT_DAYS = 10;

export const invoiceLineInput = z.object({
  productId: z.uuid().nullable().optional(),
  name: text(500).min(1),
  quantity: quantitySchema,
  unit: optText(30),
  /** Unit price, without VAT unless the invoice's `pricesIncludeVat`. */
  price: moneySchema,
  discountPercent: percentSchema.optional(),
  vatRate: z.string().trim().max(10).meta({ description: 'RU: 22, 10, 0 or none; BG: 20, 9 or 0', example: '22' }),
});
export type InvoiceLineInput = z.infer<typeof invoiceLineInput>;

const invoiceFields = {
  legalEntityId: z.uuid(),
  companyId: z.uuid(),
  contactId: z.uuid().nullable().optional(),
  dealId: z.uuid().nullable().optional(),
  /** The contract the invoice is issued under (contracts land later: not checked yet). */
  contractId: z.uuid().nullable().optional(),
  currency: currencySchema,
  issueDate: isoDate,
  dueDate: isoDate,
  /** Bulgaria: the date of the supply when it differs from the issue date. */
  supplyDate: isoDate.nullable().optional(),
  pricesIncludeVat: z.boolean().optional(),
  /** «Без НДС» reason (RU) or the legal basis of 0 % (BG), e.g. «чл. 113, ал. 9 от ЗДДС». */
  vatExemptionReason: optText(500),
  lines: z.array(invoiceLineInput).max(500),
  notes: optText(5000),
  /** Defaults to the caller (a manager), or the client's manager when finance issues it. */
  ownerId: z.uuid().optional(),
};

export const createInvoiceBody = z.object(invoiceFields);
export type CreateInvoice = z.infer<typeof createInvoiceBody>;

export const updateInvoiceBody = createInvoiceBody.partial().extend({ version: int32() });
export type UpdateInvoice = z.infer<typeof updateInvoiceBody>;

export const issueInvoiceBody = z
  .object({
    /** The date printed on it; today (the caller's day) when absent. */
    issueDate: isoDate.optional(),
    version: int32().optional(),
    /** Finance, the director or admin: issue despite the client's credit hold, once (audited with this reason). */
    creditOverrideReason: text(1000).min(1).optional(),
  })
  .optional();
export type IssueInvoice = NonNullable<z.infer<typeof issueInvoiceBody>>;

export const cancelInvoiceBody = z.object({ reason: text(1000).min(1), version: int32().optional() });
export type CancelInvoice = z.infer<typeof cancelInvoiceBody>;

export const creditNoteBody = z.object({
  /** Why the invoice is corrected (printed on the кредитно известие). */
  reason: text(1000).min(1),
  /** What is credited; the whole invoice when absent. */
  lines: z.array(invoiceLineInput).min(1).max(500).optional(),
  notes: optText(5000),
});
export type CreditNote = z.infer<typeof creditNoteBody>;

export const invoiceLineSchema = z.object({
  id: z.uuid(),
  productId: z.uuid().nullable(),
  name: z.string(),
  quantity: z.string(),
  unit: z.string().nullable(),
  price: z.string(),
  discountPercent: z.string(),
  vatRate: z.string(),
  /** Net of VAT after the discount, rounded to cents on the line. */
  subtotal: z.string(),
  vatAmount: z.string(),
  total: z.string(),
});

/** The parties as printed: frozen when the invoice is issued, live while it is a draft. */
export const partySchema = z.object({
  name: z.string().nullable(),
  country: z.string().nullable(),
  inn: z.string().nullable(),
  kpp: z.string().nullable(),
  ogrn: z.string().nullable(),
  eik: z.string().nullable(),
  vatNumber: z.string().nullable(),
  address: z.string().nullable(),
  bankName: z.string().nullable(),
  bik: z.string().nullable(),
  settlementAccount: z.string().nullable(),
  correspondentAccount: z.string().nullable(),
  iban: z.string().nullable(),
  bic: z.string().nullable(),
  director: z.string().nullable(),
  accountant: z.string().nullable(),
  vatPayer: z.boolean().nullable(),
});
export type Party = z.infer<typeof partySchema>;

export const invoicePaymentSchema = z.object({
  paymentId: z.uuid(),
  /** Net amount of this payment on the invoice (allocations minus what was released). */
  amount: z.string(),
  date: z.string(),
  method: z.string(),
  reference: z.string().nullable(),
  reversed: z.boolean(),
});

const invoiceRef = z.object({
  id: z.uuid(),
  number: z.string().nullable(),
  issueDate: z.string(),
  total: z.string(),
  status: invoiceStatusSchema,
});

export const invoiceListItemSchema = z.object({
  id: z.uuid(),
  kind: invoiceKindSchema,
  number: z.string().nullable(),
  status: invoiceStatusSchema,
  /** Due date passed, something still owed, not cancelled. */
  overdue: z.boolean(),
  legalEntityId: z.uuid(),
  companyId: z.uuid(),
  /** Null when the viewer may not see the company (then `company.hidden`). */
  companyName: z.string().nullable(),
  company: linkedRecordSchema,
  dealId: z.uuid().nullable(),
  currency: currencySchema,
  issueDate: z.string(),
  dueDate: z.string(),
  total: z.string(),
  paidTotal: z.string(),
  balance: z.string(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  version: int32(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type InvoiceListItem = z.infer<typeof invoiceListItemSchema>;

export const invoiceSchema = invoiceListItemSchema.extend({
  legalEntity: z.object({ id: z.uuid(), name: z.string(), country: z.enum(['RU', 'BG']) }),
  contactId: z.uuid().nullable(),
  contact: linkedRecordSchema.nullable(),
  deal: linkedRecordSchema.nullable(),
  contractId: z.uuid().nullable(),
  correctsInvoice: invoiceRef.nullable(),
  correctionReason: z.string().nullable(),
  creditNotes: z.array(invoiceRef),
  supplyDate: z.string().nullable(),
  pricesIncludeVat: z.boolean(),
  vatExemptionReason: z.string().nullable(),
  notes: z.string().nullable(),
  lines: z.array(invoiceLineSchema),
  /** Per VAT rate: taxable base and VAT (the lines of the VAT block). */
  vatBreakdown: z.array(z.object({ vatRate: z.string(), base: z.string(), vat: z.string() })),
  subtotal: z.string(),
  vatTotal: z.string(),
  /** Sum of the issued credit notes that correct it. */
  creditedTotal: z.string(),
  /** The total in words in the language of the legal entity's country. */
  amountInWords: z.string(),
  /** The client's unallocated payments in this currency, offered against the balance (null: not to be shown). */
  advanceAvailable: z.string().nullable(),
  payments: z.array(invoicePaymentSchema),
  seller: partySchema,
  /** Null when the viewer may not see the client. */
  buyer: partySchema.nullable(),
  issuedAt: z.string().nullable(),
  issuedBy: z.uuid().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  canEdit: z.boolean(),
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const invoiceSorts = ['issueDate', '-issueDate', 'dueDate', '-dueDate', 'createdAt', '-createdAt'] as const;

export const listInvoicesQuery = z.object({
  status: invoiceStatusSchema.optional(),
  overdue: boolQuery.optional(),
  kind: invoiceKindSchema.optional(),
  companyId: z.uuid().optional(),
  /** The manager (owner) of the invoices. */
  ownerId: z.uuid().optional(),
  dealId: z.uuid().optional(),
  legalEntityId: z.uuid().optional(),
  currency: currencySchema.optional(),
  /** Issue date period, inclusive. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  deleted: boolQuery.optional(),
  sort: z.enum(invoiceSorts).default('-issueDate'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListInvoicesQuery = z.infer<typeof listInvoicesQuery>;

export const currencyTotalsSchema = z.object({
  currency: currencySchema,
  count: z.number().int(),
  total: z.string(),
  paidTotal: z.string(),
  balance: z.string(),
  overdue: z.string(),
});

export const invoiceListSchema = z.object({
  items: z.array(invoiceListItemSchema),
  nextCursor: z.string().nullable(),
  /** Over every invoice the filters match (not only this page), per currency. */
  totals: z.array(currencyTotalsSchema),
});

export const applyAdvanceBody = z
  .object({
    /** At most this much; as much as the advance and the balance allow when absent. */
    amount: moneySchema.optional(),
  })
  .optional();

// ---------------------------------------------------------------- numbering

export const numberingSchema = z.object({
  legalEntityId: z.uuid(),
  country: z.enum(['RU', 'BG']),
  /** Russian series: `<prefix>-<year>-<6 digits>`, e.g. СЧ-2026-000123. */
  prefix: z.string(),
  /** Bulgaria: the number the first invoice gets (continuing another program's sequence). */
  firstNumber: z.number().int(),
  /** What the next invoice issued today would be numbered. */
  nextNumber: z.string(),
  lastNumber: z.string().nullable(),
  version: int32(),
});
export type Numbering = z.infer<typeof numberingSchema>;

export const updateNumberingBody = z.object({
  prefix: z.string().trim().min(1).max(10).optional().meta({ description: 'Letters and digits, e.g. СЧ or INV', example: 'СЧ' }),
  firstNumber: z.number().int().min(1).max(9_999_999_999).optional(),
  version: int32().optional(),
});
export type UpdateNumbering = z.infer<typeof updateNumberingBody>;

// ---------------------------------------------------------------- payments

export const paymentMethods = ['bank_transfer', 'cash', 'card', 'other'] as const;

export const allocationInput = z.object({ invoiceId: z.uuid(), amount: moneySchema });

export const createPaymentBody = z.object({
  companyId: z.uuid(),
  amount: moneySchema,
  currency: currencySchema,
  date: isoDate,
  method: z.enum(paymentMethods),
  /** The bank's document number, the order number, ... */
  reference: optText(200),
  notes: optText(5000),
  /** What it pays; the rest stays with the client as an advance. */
  allocations: z.array(allocationInput).max(200).default([]),
});
export type CreatePayment = z.infer<typeof createPaymentBody>;

export const reversePaymentBody = z.object({ reason: text(1000).min(1) });

export const paymentSchema = z.object({
  id: z.uuid(),
  companyId: z.uuid(),
  companyName: z.string().nullable(),
  company: linkedRecordSchema,
  amount: z.string(),
  currency: currencySchema,
  date: z.string(),
  method: z.enum(paymentMethods),
  reference: z.string().nullable(),
  notes: z.string().nullable(),
  allocations: z.array(
    z.object({
      invoiceId: z.uuid(),
      /** Null when the viewer may not see the invoice (`hidden`). */
      number: z.string().nullable(),
      hidden: z.boolean(),
      amount: z.string(),
    }),
  ),
  allocatedTotal: z.string(),
  /** What stays with the client as an advance (0 once reversed). */
  unallocated: z.string(),
  reversedAt: z.string().nullable(),
  reverseReason: z.string().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
});
export type Payment = z.infer<typeof paymentSchema>;

export const listPaymentsQuery = z.object({
  companyId: z.uuid().optional(),
  invoiceId: z.uuid().optional(),
  currency: currencySchema.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  reversed: boolQuery.optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListPaymentsQuery = z.infer<typeof listPaymentsQuery>;

export const paymentListSchema = z.object({ items: z.array(paymentSchema), nextCursor: z.string().nullable() });

export const advanceSchema = z.object({
  companyId: z.uuid(),
  /** Unallocated money of the client per currency (only currencies with some). */
  items: z.array(z.object({ currency: currencySchema, amount: z.string() })),
});

// ---------------------------------------------------------------- receivables

export const receivablesQuery = z.object({
  /** The day the debts are aged at; today (the caller's day) when absent. */
  asOf: isoDate.optional(),
  currency: currencySchema.optional(),
  ownerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type ReceivablesQuery = z.infer<typeof receivablesQuery>;

export const bucketsSchema = z.object({
  current: z.string(),
  d1_30: z.string(),
  d31_60: z.string(),
  d61_90: z.string(),
  d90plus: z.string(),
});
export type Buckets = z.infer<typeof bucketsSchema>;

export const receivablesSchema = z.object({
  asOf: z.string(),
  /** One row per client and currency, largest overdue first. */
  items: z.array(
    z.object({
      companyId: z.uuid(),
      companyName: z.string().nullable(),
      company: linkedRecordSchema,
      /** The client's manager. */
      ownerId: z.uuid().nullable(),
      currency: currencySchema,
      invoices: z.number().int(),
      total: z.string(),
      overdue: z.string(),
      buckets: bucketsSchema,
    }),
  ),
  /** More clients owe than `limit` rows show (the totals still count them all). */
  truncated: z.boolean(),
  totals: z.array(z.object({ currency: currencySchema, total: z.string(), overdue: z.string(), buckets: bucketsSchema })),
});

export const receivablesDetailSchema = z.object({
  asOf: z.string(),
  companyId: z.uuid(),
  companyName: z.string().nullable(),
  items: z.array(
    z.object({
      invoiceId: z.uuid(),
      number: z.string().nullable(),
      issueDate: z.string(),
      dueDate: z.string(),
      currency: currencySchema,
      total: z.string(),
      /** Owed on `asOf`: total minus credit notes and payments up to that day. */
      balance: z.string(),
      daysOverdue: z.number().int(),
      bucket: z.enum(['current', 'd1_30', 'd31_60', 'd61_90', 'd90plus']),
    }),
  ),
});

// ---------------------------------------------------------------- from a deal

export const invoiceFromDealBody = z
  .object({
    /** Which of our legal entities issues it; the only one, when the workspace has one. */
    legalEntityId: z.uuid().optional(),
    issueDate: isoDate.optional(),
    dueDate: isoDate.optional(),
    notes: optText(5000),
  })
  .optional();
export type InvoiceFromDeal = NonNullable<z.infer<typeof invoiceFromDealBody>>;

// ---------------------------------------------------------------- printed and sent

/** GET /invoices/:id/pdf and /docx: which template (default: the invoice's country's and kind's), in which language. */
export const invoiceFileQuery = z.object({
  template: z
    .union([z.enum(builtInTemplateIds), z.uuid()])
    .optional()
    .meta({
      description:
        'A built-in id or an uploaded template id; default: ru-invoice (Russia), bg-invoice, or bg-credit-note for a кредитно известие. ru-upd: УПД (счёт-фактура и передаточный документ)',
      example: 'ru-upd',
    }),
  /** Default: the built-in's own language; the invoice's for an uploaded template. */
  language: documentLanguageSchema.optional(),
  /** `true`: Content-Disposition attachment (a download); default inline (a preview in the page). */
  download: boolQuery.optional(),
});
export type InvoiceFileQuery = z.infer<typeof invoiceFileQuery>;

/** At most this many recipients of one sending. */
export const MAX_MAIL_RECIPIENTS = 20;

export const sendInvoiceBody = z.object({
  /** One address, several separated by commas or semicolons, or a list; `Name <addr>` is fine. */
  to: z
    .union([z.string().trim().min(1).max(4000), z.array(z.string().trim().min(1).max(400)).min(1).max(MAX_MAIL_RECIPIENTS)])
    .meta({ description: 'Recipient address(es): "a@example.com", "a@example.com, b@example.com" or a list', example: 'buh@example.com' }),
  /** Default: the document's title, number and date in the invoice's language. */
  subject: z
    .string()
    .trim()
    .max(300)
    .regex(/^[^\r\n]*$/)
    .optional(),
  /** The text of the letter; default: a short covering note in the invoice's language. */
  message: z.string().trim().max(20_000).optional(),
  template: invoiceFileQuery.shape.template,
  language: documentLanguageSchema.optional(),
});
export type SendInvoice = z.infer<typeof sendInvoiceBody>;

export const mailingStatuses = ['queued', 'retrying', 'sent', 'failed'] as const;

/** One sending of an invoice by e-mail and how it went. */
export const invoiceMailingSchema = z.object({
  id: z.uuid(),
  invoiceId: z.uuid(),
  to: z.array(z.string()),
  subject: z.string(),
  message: z.string(),
  fileName: z.string(),
  /** queued: waiting for its first attempt; retrying: an attempt failed, another follows; sent; failed: given up. */
  status: z.enum(mailingStatuses),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type InvoiceMailing = z.infer<typeof invoiceMailingSchema>;
export const invoiceMailingListSchema = z.object({ items: z.array(invoiceMailingSchema) });
