import { z } from 'zod';
import { int32 } from './common.js';
import { recordInputFields, recordOutputFields, tagsSchema } from './records.js';

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().optional();

export const phoneTypes = ['mobile', 'work', 'home', 'fax', 'other'] as const;
export const emailTypes = ['work', 'personal', 'other'] as const;
export const addressTypes = ['legal', 'actual', 'postal', 'home', 'delivery', 'other'] as const;

/** A phone as entered: any format; stored and returned in E.164 (+79161234567). */
export const phoneSchema = z.object({ type: z.enum(phoneTypes).default('work'), number: text(40).min(1) });
export const emailSchema = z.object({ type: z.enum(emailTypes).default('work'), address: z.email().max(320) });
export const addressSchema = z.object({ type: z.enum(addressTypes).default('actual'), text: text(1000).min(1) });
export type PhoneValue = z.infer<typeof phoneSchema>;
export type EmailValue = z.infer<typeof emailSchema>;
export type AddressValue = z.infer<typeof addressSchema>;

/** ISO 3166-1 alpha-2 country code, upper case (RU, BG). */
export const countrySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/)
  .transform((s) => s.toUpperCase());

// Defined with the other counterparty fields; still exported here for existing importers.
export { tagsSchema };

export const listSorts = ['name', 'createdAt', 'updatedAt'] as const;
export type ListSort = (typeof listSorts)[number];
/** `-field` sorts descending; an explicit `order` wins over the sign. */
export const listSortValues = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
export const listQueryBase = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
  sort: z.enum(listSortValues).default('name'),
  order: z.enum(['asc', 'desc']).optional(),
  ownerId: z.uuid().optional(),
  tag: text(50).min(1).optional(),
  segment: text(100).min(1).optional(),
  q: text(200).optional(),
  /** true: the trash (soft-deleted records), for restore. */
  deleted: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** A stored problem that does not block saving (a treasury account whose key cannot be checked). */
export const warningSchema = z.object({ path: z.string(), code: z.string(), message: z.string() });

/**
 * Requisites arrive as free text (spaces and dashes are dropped); the server checks each one's
 * format and checksum and answers 422 naming the field (`inn`, `settlementAccount`, ...).
 */
const requisites = {
  inn: optText(20),
  kpp: optText(20),
  ogrn: optText(25),
  bik: optText(20),
  bankName: optText(300),
  settlementAccount: optText(30),
  corrAccount: optText(30),
  eik: optText(20),
  vatNumber: optText(20),
  iban: optText(50),
};

const companyFields = {
  legalForm: optText(100),
  country: countrySchema.nullable().optional(),
  ...requisites,
  addresses: z.array(addressSchema).max(20).optional(),
  phones: z.array(phoneSchema).max(20).optional(),
  emails: z.array(emailSchema).max(20).optional(),
  website: optText(300),
  industry: optText(200),
  ...recordInputFields,
};

export const createCompanyBody = z.object({ name: text(300).min(1), ...companyFields });
export const updateCompanyBody = z.object({ name: text(300).min(1).optional(), ...companyFields, version: int32().min(1) });
export type CreateCompanyBody = z.infer<typeof createCompanyBody>;
export type UpdateCompanyBody = z.infer<typeof updateCompanyBody>;

export const companySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  legalForm: z.string().nullable(),
  country: z.string().nullable(),
  inn: z.string().nullable(),
  kpp: z.string().nullable(),
  ogrn: z.string().nullable(),
  bik: z.string().nullable(),
  bankName: z.string().nullable(),
  settlementAccount: z.string().nullable(),
  corrAccount: z.string().nullable(),
  eik: z.string().nullable(),
  vatNumber: z.string().nullable(),
  iban: z.string().nullable(),
  addresses: z.array(z.object({ type: z.string(), text: z.string() })),
  phones: z.array(z.object({ type: z.string(), number: z.string() })),
  emails: z.array(z.object({ type: z.string(), address: z.string() })),
  website: z.string().nullable(),
  industry: z.string().nullable(),
  ...recordOutputFields,
  warnings: z.array(warningSchema).optional(),
});
export type Company = z.infer<typeof companySchema>;

/** A row of the companies list: no notes, addresses or bank details. */
export const companyListItemSchema = companySchema
  .pick({
    id: true,
    name: true,
    legalForm: true,
    country: true,
    inn: true,
    eik: true,
    industry: true,
    segment: true,
    phones: true,
    emails: true,
    tags: true,
    ownerId: true,
    ownerName: true,
    version: true,
    createdAt: true,
    updatedAt: true,
    deletedAt: true,
  })
  .extend({
    /** The soonest open activity's due time. */
    nextActivityAt: z.string().nullable(),
  });
export type CompanyListItem = z.infer<typeof companyListItemSchema>;

/** Sorts of the companies list: the shared ones, and by the owner's name and the next open activity (none last ascending). */
export const companySortValues = [...listSortValues, 'owner', '-owner', 'nextActivity', '-nextActivity'] as const;
export const companyListQuery = listQueryBase.extend({ sort: z.enum(companySortValues).default('name') });
export const companyListSchema = z.object({ items: z.array(companyListItemSchema), nextCursor: z.string().nullable() });

/** A record that already has the phone, email, INN or EIK being saved. */
export const duplicateSchema = z.object({
  type: z.enum(['contact', 'company']),
  id: z.uuid(),
  /** Null when the caller may not see that record (ask its owner). */
  title: z.string().nullable(),
  ownerName: z.string().nullable(),
  visible: z.boolean(),
  matched: z.enum(['phone', 'email', 'inn', 'eik']),
});
export type Duplicate = z.infer<typeof duplicateSchema>;
export const duplicatesSchema = z.object({ items: z.array(duplicateSchema) });
export const companyDuplicatesQuery = z.object({
  inn: text(20).optional(),
  eik: text(20).optional(),
  /** The record being edited, left out of its own duplicates. */
  excludeId: z.uuid().optional(),
});

export const forceQuery = z.object({
  force: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const shareBody = z.object({ userId: z.uuid() });
export const shareSchema = z.object({ userId: z.uuid(), userName: z.string(), createdAt: z.string() });
export const sharesSchema = z.object({ items: z.array(shareSchema) });
export const mergeBody = z.object({ otherId: z.uuid() });
export const idParams = z.object({ id: z.uuid() });
export const shareParams = z.object({ id: z.uuid(), userId: z.uuid() });
