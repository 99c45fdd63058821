import { z } from 'zod';
import { int32, isoDate } from './common.js';
import { addressSchema, countrySchema, emailSchema, listQueryBase, listSortValues, phoneSchema } from './companies.js';
import { recordInputFields, recordOutputFields } from './records.js';

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().optional();

export const messengerTypes = ['telegram', 'whatsapp', 'viber', 'signal', 'skype', 'vk', 'other'] as const;
/** Structured personal memory (C3): what to remember about a person. */
export const preferenceKinds = ['pets', 'food', 'gifts', 'hobbies', 'incident', 'goodMoment', 'other'] as const;
/** From the contact's side: knows (mutual), referred (this contact referred the other), referredBy. */
export const linkKinds = ['knows', 'referred', 'referredBy'] as const;

export const messengerSchema = z.object({ type: z.enum(messengerTypes), handle: text(200).min(1) });
export const importantDateSchema = z.object({ label: text(200).min(1), date: isoDate() });
export const preferenceSchema = z.object({ kind: z.enum(preferenceKinds), text: text(2000).min(1) });

export const membershipInput = z.object({ companyId: z.uuid(), position: optText(200) });
export const linkInput = z.object({ contactId: z.uuid(), kind: z.enum(linkKinds), note: optText(1000) });

const contactFields = {
  middleName: optText(100),
  lastName: optText(100),
  /** The primary company; also listed in `companies`. */
  companyId: z.uuid().nullable().optional(),
  /** Position at the primary company. */
  position: optText(200),
  /** Every company the person belongs to (replaces the list when given). */
  companies: z.array(membershipInput).max(50).optional(),
  country: countrySchema.nullable().optional(),
  phones: z.array(phoneSchema).max(20).optional(),
  emails: z.array(emailSchema).max(20).optional(),
  messengers: z.array(messengerSchema).max(20).optional(),
  addresses: z.array(addressSchema).max(20).optional(),
  birthday: isoDate().nullable().optional(),
  importantDates: z.array(importantDateSchema).max(50).optional(),
  preferences: z.array(preferenceSchema).max(100).optional(),
  /** Replaces the links to contacts the caller can see (others are kept). */
  links: z.array(linkInput).max(200).optional(),
  ...recordInputFields,
};

export const createContactBody = z.object({ firstName: text(100).min(1), ...contactFields });
export const updateContactBody = z.object({ firstName: text(100).min(1).optional(), ...contactFields, version: int32().min(1) });
export type CreateContactBody = z.infer<typeof createContactBody>;
export type UpdateContactBody = z.infer<typeof updateContactBody>;

export const membershipSchema = z.object({
  companyId: z.uuid(),
  /** Null when the caller may not see that company. */
  companyName: z.string().nullable(),
  position: z.string().nullable(),
  isPrimary: z.boolean(),
});
export const linkSchema = z.object({
  contactId: z.uuid(),
  contactName: z.string(),
  kind: z.enum(linkKinds),
  note: z.string().nullable(),
});

export const contactSchema = z.object({
  id: z.uuid(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  lastName: z.string().nullable(),
  fullName: z.string(),
  companyId: z.uuid().nullable(),
  companyName: z.string().nullable(),
  position: z.string().nullable(),
  companies: z.array(membershipSchema),
  country: z.string().nullable(),
  phones: z.array(z.object({ type: z.string(), number: z.string() })),
  emails: z.array(z.object({ type: z.string(), address: z.string() })),
  messengers: z.array(z.object({ type: z.string(), handle: z.string() })),
  addresses: z.array(z.object({ type: z.string(), text: z.string() })),
  birthday: z.string().nullable(),
  importantDates: z.array(z.object({ label: z.string(), date: z.string() })),
  preferences: z.array(z.object({ kind: z.string(), text: z.string() })),
  links: z.array(linkSchema),
  ...recordOutputFields,
});
export type Contact = z.infer<typeof contactSchema>;

/** A row of the contacts list: light columns only. */
export const contactListItemSchema = contactSchema
  .pick({
    id: true,
    firstName: true,
    middleName: true,
    lastName: true,
    fullName: true,
    companyId: true,
    companyName: true,
    position: true,
    phones: true,
    emails: true,
    segment: true,
    tags: true,
    ownerId: true,
    ownerName: true,
    version: true,
    createdAt: true,
    updatedAt: true,
    deletedAt: true,
  })
  .extend({
    /** The last real contact (a done call, meeting, ...), from the activities' read model. */
    lastContactAt: z.string().nullable(),
    /** The soonest open activity's due time. */
    nextActivityAt: z.string().nullable(),
  });
export type ContactListItem = z.infer<typeof contactListItemSchema>;

/**
 * Sorts of the contacts list: the shared ones, and by the company's name, the owner's name, the
 * last contact (never contacted first ascending, last descending) and the next open activity
 * (none last ascending).
 */
export const contactSortValues = [
  ...listSortValues,
  'company',
  '-company',
  'owner',
  '-owner',
  'lastContact',
  '-lastContact',
  'nextActivity',
  '-nextActivity',
] as const;
export const contactListQuery = listQueryBase.extend({ companyId: z.uuid().optional(), sort: z.enum(contactSortValues).default('name') });
export const contactListSchema = z.object({ items: z.array(contactListItemSchema), nextCursor: z.string().nullable() });

export const contactDuplicatesQuery = z.object({
  phone: text(40).optional(),
  email: text(320).optional(),
  excludeId: z.uuid().optional(),
});
