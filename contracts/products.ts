import { z } from 'zod';
import { int32 } from './common.js';

/** Currencies a price or a deal may be in (BGN only for history: Bulgaria uses the euro since 2026). */
export const currencies = ['RUB', 'EUR', 'USD', 'BGN'] as const;
export const currencySchema = z.enum(currencies);
export type Currency = z.infer<typeof currencySchema>;

const MONEY = /^\d{1,16}(\.\d{1,2})?$/;
const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;
const QUANTITY = /^\d{1,12}(\.\d{1,4})?$/;

/** Money in JSON: a non-negative decimal string with at most 2 decimals ("1234.50"). */
export const moneySchema = z
  .string()
  .trim()
  .refine((v) => MONEY.test(v), { params: { code: 'decimal' } })
  .meta({ description: 'Decimal string, at most 2 decimals', example: '1234.50' });
/** A percentage 0..100 as a decimal string ("20", "12.5"). */
export const percentSchema = z
  .string()
  .trim()
  .refine((v) => PERCENT.test(v) && Number(v) <= 100, { params: { code: 'sales.percent' } })
  .meta({ description: 'Percent 0..100 as a decimal string', example: '20' });
/** A positive quantity with at most 4 decimals. */
export const quantitySchema = z
  .string()
  .trim()
  .refine((v) => QUANTITY.test(v) && /[1-9]/.test(v), { params: { code: 'sales.quantity' } })
  .meta({ description: 'Positive decimal string, at most 4 decimals', example: '3' });

export const isMoney = (v: string) => MONEY.test(v);

export const priceSchema = z.object({ currency: currencySchema, amount: moneySchema });

export const productSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  sku: z.string().nullable(),
  unit: z.string().nullable(),
  description: z.string().nullable(),
  prices: z.array(priceSchema),
  vatRate: z.string(),
  isActive: z.boolean(),
  version: int32(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type Product = z.infer<typeof productSchema>;

const uniqueCurrencies = (prices: { currency: string }[]) => new Set(prices.map((p) => p.currency)).size === prices.length;
const pricesInput = z
  .array(priceSchema)
  .max(currencies.length)
  .refine(uniqueCurrencies, { params: { code: 'sales.duplicateCurrency' } });

export const createProductBody = z.object({
  name: z.string().trim().min(1).max(300),
  sku: z.string().trim().max(100).nullable().optional(),
  unit: z.string().trim().max(30).nullable().optional(),
  description: z.string().max(5000).nullable().optional(),
  prices: pricesInput.optional(),
  vatRate: percentSchema.optional(),
  isActive: z.boolean().optional(),
});
export type CreateProduct = z.infer<typeof createProductBody>;

export const updateProductBody = createProductBody.partial().extend({ version: int32() });
export type UpdateProduct = z.infer<typeof updateProductBody>;

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listProductsQuery = z.object({
  q: z.string().trim().max(200).optional(),
  active: boolQuery.optional(),
  deleted: boolQuery.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const productListSchema = z.object({ items: z.array(productSchema), nextCursor: z.string().nullable() });
