import { z } from 'zod';
import { int32 } from './common.js';
import { currencySchema } from './products.js';

/** Countries our own legal entities may be registered in. */
export const legalEntityCountries = ['RU', 'BG'] as const;
/** Images a legal entity may carry on its documents. */
export const legalEntityImageKinds = ['logo', 'signature', 'stamp'] as const;
export type LegalEntityImageKind = (typeof legalEntityImageKinds)[number];
/** Largest image accepted (a logo, a scanned signature or stamp). */
export const LEGAL_ENTITY_IMAGE_MAX_BYTES = 1024 * 1024;

const opt = (max: number) => z.string().trim().max(max).nullable().optional();

const imageInfo = z.object({ mimeType: z.string(), size: int32(), updatedAt: z.string() }).nullable();

export const legalEntitySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  country: z.enum(legalEntityCountries),
  inn: z.string().nullable(),
  kpp: z.string().nullable(),
  ogrn: z.string().nullable(),
  eik: z.string().nullable(),
  vatNumber: z.string().nullable(),
  vatPayer: z.boolean(),
  address: z.string().nullable(),
  bankName: z.string().nullable(),
  bik: z.string().nullable(),
  settlementAccount: z.string().nullable(),
  correspondentAccount: z.string().nullable(),
  iban: z.string().nullable(),
  bic: z.string().nullable(),
  director: z.string().nullable(),
  accountant: z.string().nullable(),
  defaultCurrency: currencySchema,
  images: z.object({ logo: imageInfo, signature: imageInfo, stamp: imageInfo }),
  version: int32(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type LegalEntity = z.infer<typeof legalEntitySchema>;

export const createLegalEntityBody = z.object({
  name: z.string().trim().min(1).max(300),
  country: z.enum(legalEntityCountries),
  inn: opt(20),
  kpp: opt(20),
  ogrn: opt(20),
  eik: opt(20),
  vatNumber: opt(20),
  vatPayer: z.boolean().optional(),
  address: opt(1000),
  bankName: opt(300),
  bik: opt(20),
  settlementAccount: opt(40),
  correspondentAccount: opt(40),
  iban: opt(40),
  bic: opt(20),
  director: opt(300),
  accountant: opt(300),
  defaultCurrency: currencySchema.optional(),
});
export type CreateLegalEntity = z.infer<typeof createLegalEntityBody>;

export const updateLegalEntityBody = createLegalEntityBody.partial().extend({ version: int32() });
export type UpdateLegalEntity = z.infer<typeof updateLegalEntityBody>;

export const listLegalEntitiesQuery = z.object({
  deleted: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const legalEntityListSchema = z.object({ items: z.array(legalEntitySchema) });
