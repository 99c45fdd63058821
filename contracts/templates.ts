import { z } from 'zod';
import { int32, isoDate } from './common.js';
import { currencySchema } from './products.js';

/** Largest uploaded DOCX template: a letterhead with a logo, not a library. */
export const TEMPLATE_MAX_BYTES = 5 * 1024 * 1024;

/** Languages a document is written in. */
export const documentLanguages = ['ru', 'bg', 'en'] as const;
export const documentLanguageSchema = z.enum(documentLanguages);
export type DocumentLanguage = z.infer<typeof documentLanguageSchema>;

/**
 * The built-in templates: Russian счёт на оплату, договор поставки, коммерческое предложение, акт,
 * УПД (счёт-фактура и передаточный документ);
 * Bulgarian фактура, проформа фактура, кредитно известие, оферта; English invoice and quote.
 */
export const builtInTemplateIds = [
  'ru-invoice',
  'ru-contract',
  'ru-quote',
  'ru-act',
  'ru-upd',
  'bg-invoice',
  'bg-proforma',
  'bg-credit-note',
  'bg-offer',
  'en-invoice',
  'en-quote',
] as const;
export type BuiltInTemplateId = (typeof builtInTemplateIds)[number];

/** What a file can be made as: `json` is the document model itself (what placeholders receive). */
export const documentFormats = ['pdf', 'docx', 'json'] as const;
export type DocumentFormat = (typeof documentFormats)[number];

/** A decimal string (money, quantities, percentages), possibly negative (a credit note's corrections). */
const decimal = z.string().regex(/^-?\d{1,18}(\.\d{1,4})?$/);
const str = z.string().max(10_000);
const opt = str.nullable();

/** An image printed on the document: base64 bytes and their sniffed type. */
export const documentImageSchema = z.object({ mimeType: z.enum(['image/png', 'image/jpeg', 'image/webp']), data: z.string() }).nullable();

/** Requisites of a party: our legal entity (the supplier) or the client (the buyer). */
export const documentPartySchema = z.object({
  name: str,
  country: z.string().max(2).nullable(),
  inn: opt,
  kpp: opt,
  ogrn: opt,
  eik: opt,
  vatNumber: opt,
  address: opt,
  bankName: opt,
  bik: opt,
  settlementAccount: opt,
  correspondentAccount: opt,
  iban: opt,
  bic: opt,
});
export type DocumentParty = z.infer<typeof documentPartySchema>;

/** Our legal entity as it appears on paper: requisites, who signs, and its images. */
export const documentEntitySchema = documentPartySchema.extend({
  id: z.uuid(),
  vatPayer: z.boolean(),
  director: opt,
  accountant: opt,
  images: z.object({ logo: documentImageSchema, signature: documentImageSchema, stamp: documentImageSchema }),
});
export type DocumentEntity = z.infer<typeof documentEntitySchema>;

export const documentLineSchema = z.object({
  position: int32(),
  name: str,
  quantity: decimal,
  unit: opt,
  price: decimal,
  discountPercent: decimal,
  vatRate: decimal,
  subtotal: decimal,
  vatAmount: decimal,
  total: decimal,
});
export type DocumentLine = z.infer<typeof documentLineSchema>;

/** Taxable base and VAT of one rate. */
export const documentVatSchema = z.object({ rate: decimal, base: decimal, amount: decimal });

/**
 * Everything a template may print, computed by the server from a real record (a deal, an
 * invoice): money as exact decimal strings, dates as YYYY-MM-DD. Work modules build it through
 * `documentModel()` of the templates module, which totals the lines and spells the amount.
 */
export const documentModelSchema = z.object({
  language: documentLanguageSchema,
  currency: currencySchema,
  number: opt,
  date: isoDate(),
  dueDate: isoDate().nullable(),
  /** The date of supply when it differs from the date of issue (Bulgarian VAT Act art. 114). */
  supplyDate: isoDate().nullable(),
  entity: documentEntitySchema,
  client: documentPartySchema.extend({ contactName: opt }),
  deal: z.object({ id: z.uuid(), title: str }).nullable(),
  contract: z.object({ number: opt, date: isoDate().nullable() }).nullable(),
  /** The invoice a credit note corrects, and why. */
  correction: z.object({ invoiceNumber: opt, invoiceDate: isoDate().nullable(), reason: opt }).nullable(),
  manager: z.object({ name: str, email: opt, phone: opt }).nullable(),
  pricesIncludeVat: z.boolean(),
  /** Why no VAT is charged («Без НДС» reason, the ЗДДС article), when none is. */
  vatExemptReason: opt,
  lines: z.array(documentLineSchema),
  totals: z.object({ count: int32(), subtotal: decimal, vatTotal: decimal, total: decimal, vat: z.array(documentVatSchema) }),
  amountInWords: str,
  notes: opt,
});
export type DocumentModel = z.infer<typeof documentModelSchema>;

export const templateSchema = z.object({
  /** A built-in id (`ru-invoice`) or the uuid of an uploaded template. */
  id: z.string(),
  builtIn: z.boolean(),
  name: z.string(),
  language: documentLanguageSchema,
  /** Formats this server can make from it now (`pdf` of an uploaded one needs LibreOffice). */
  formats: z.array(z.enum(documentFormats)),
  fileName: z.string().nullable(),
  size: z.number().int().nullable(),
  placeholders: z.array(z.string()),
  createdBy: z.uuid().nullable(),
  createdAt: z.string().nullable(),
});
export type TemplateDto = z.infer<typeof templateSchema>;
export const templateListSchema = z.object({ items: z.array(templateSchema), pdfFromDocx: z.boolean() });

export const placeholderSchema = z.object({
  tag: z.string(),
  /** `value` prints text; `loop` repeats what is between `{#tag}` and `{/tag}` for each item. */
  type: z.enum(['value', 'loop']),
  /** For a loop item's fields: the loop they belong to. */
  loop: z.string().nullable(),
  description: z.string(),
  example: z.string(),
});
export const placeholderListSchema = z.object({ items: z.array(placeholderSchema) });

export const previewBody = z.object({
  template: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .meta({ description: 'A built-in id (`ru-invoice`) or an uploaded template id', example: 'ru-invoice' }),
  entity: z.string().trim().min(1).max(50).meta({ description: 'The kind of record the data comes from', example: 'deal' }),
  entityId: z.uuid(),
  legalEntityId: z.uuid(),
  format: z.enum(documentFormats),
  /** Default: the built-in template's language, or the uploaded template's. */
  language: documentLanguageSchema.optional(),
});
export type PreviewBody = z.infer<typeof previewBody>;
