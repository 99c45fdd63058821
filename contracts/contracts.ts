import { z } from 'zod';
import { int32, isoDate as boundedDate } from './common.js';
import { currencySchema, moneySchema, percentSchema } from './products.js';

// Contracts with clients (D4) and the credit hold: the API, its validation and its OpenAPI
// documentation. Amounts are decimal strings.

const isoDate = boundedDate();
const text = (max: number) => z.string().trim().max(max);
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const contractPriceInput = z.object({ productId: z.uuid(), price: moneySchema });

export const createContractBody = z.object({
  companyId: z.uuid(),
  legalEntityId: z.uuid(),
  number: text(100).min(1),
  /** The date it was signed. */
  date: isoDate,
  /** From when its terms apply; its date when absent. */
  validFrom: isoDate.optional(),
  /** Until when (inclusive); open-ended when null. */
  validTo: isoDate.nullable().optional(),
  /** Days an invoice under it may stay unpaid (its due date by default). */
  paymentTermDays: int32().min(0).max(3650).optional(),
  prepaymentPercent: percentSchema.optional(),
  /** The most the client may owe this seller in the contract's currency; null: no limit. */
  creditLimit: moneySchema.nullable().optional(),
  currency: currencySchema,
  notes: text(5000).nullable().optional(),
  /** Prices that override the price list for deals and invoices of this client. */
  prices: z.array(contractPriceInput).max(2000).optional(),
});
export type CreateContract = z.infer<typeof createContractBody>;

export const updateContractBody = createContractBody.omit({ companyId: true }).partial().extend({ version: int32() });
export type UpdateContract = z.infer<typeof updateContractBody>;

export const contractPriceSchema = z.object({
  productId: z.uuid(),
  /** Null when the product has been removed from the catalogue. */
  productName: z.string().nullable(),
  price: z.string(),
});

export const contractSchema = z.object({
  id: z.uuid(),
  companyId: z.uuid(),
  /** Null when the viewer may not open the company (never the case for whoever reads the contract). */
  companyName: z.string().nullable(),
  legalEntityId: z.uuid(),
  legalEntityName: z.string().nullable(),
  number: z.string(),
  date: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  paymentTermDays: int32(),
  prepaymentPercent: z.string(),
  creditLimit: z.string().nullable(),
  currency: currencySchema,
  notes: z.string().nullable(),
  prices: z.array(contractPriceSchema),
  /** In force today (the caller's day): live and today within validFrom..validTo. */
  isActive: z.boolean(),
  version: int32(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type Contract = z.infer<typeof contractSchema>;

export const listContractsQuery = z.object({
  companyId: z.uuid().optional(),
  legalEntityId: z.uuid().optional(),
  /** Only those in force today. */
  active: boolQuery.optional(),
  /** The bin instead of the live ones. */
  deleted: boolQuery.optional(),
  q: text(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListContractsQuery = z.infer<typeof listContractsQuery>;

export const contractListSchema = z.object({ items: z.array(contractSchema), nextCursor: z.string().nullable() });

// ---- the credit hold ----

export const creditReasonKinds = ['overdue', 'credit_limit'] as const;

/**
 * Why a client is on hold: an invoice unpaid past its due date (`overdue`), or what it owes one
 * seller above the contract's credit limit (`credit_limit`: no invoice; `balance` is the excess).
 * An invoice the viewer may not open is counted without its id and number (`hidden`).
 */
export const creditReasonSchema = z.object({
  kind: z.enum(creditReasonKinds),
  invoiceId: z.uuid().nullable(),
  number: z.string().nullable(),
  hidden: z.boolean(),
  daysOverdue: int32(),
  balance: z.string(),
  currency: currencySchema,
  dueDate: z.string().nullable(),
  contractId: z.uuid().nullable(),
});
export type CreditReason = z.infer<typeof creditReasonSchema>;

export const creditContractSchema = z.object({
  contractId: z.uuid(),
  number: z.string(),
  legalEntityId: z.uuid(),
  currency: currencySchema,
  creditLimit: z.string().nullable(),
  exposure: z.string(),
  /** What may still be invoiced within the limit (null: no limit). */
  available: z.string().nullable(),
  paymentTermDays: int32(),
});

export const creditSchema = z.object({
  companyId: z.uuid(),
  onHold: z.boolean(),
  reasons: z.array(creditReasonSchema),
  /** The limit and exposure of the client's main contract in force (the latest), null without one. */
  creditLimit: z.string().nullable(),
  exposure: z.string(),
  currency: currencySchema.nullable(),
  /** Every contract in force, with its own limit and exposure. */
  contracts: z.array(creditContractSchema),
  /** One-time passes granted and not used yet. */
  openOverrides: int32(),
  asOf: z.string(),
});
export type Credit = z.infer<typeof creditSchema>;

export const creditOverrideBody = z.object({ reason: text(1000).min(1) });
export const creditOverrideSchema = z.object({
  id: z.uuid(),
  companyId: z.uuid(),
  reason: z.string(),
  grantedBy: z.uuid(),
  grantedAt: z.string(),
  usedAt: z.string().nullable(),
  usedBy: z.uuid().nullable(),
  usedForKind: z.enum(['invoice', 'deal']).nullable(),
  usedForId: z.uuid().nullable(),
});
export type CreditOverride = z.infer<typeof creditOverrideSchema>;
export const creditOverrideListSchema = z.object({ items: z.array(creditOverrideSchema) });

/** Which of the given clients are on hold (for badges on lists and the board). */
export const creditHoldsQuery = z.object({
  companyIds: z
    .string()
    .max(200 * 37)
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.uuid()).max(200)),
});
export const creditHoldsSchema = z.object({ onHold: z.array(z.uuid()) });
