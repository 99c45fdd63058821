import { z } from 'zod';
import { int32, isoDate as boundedDate, isoDateTime } from './common.js';
import { currencySchema, moneySchema, percentSchema, quantitySchema } from './products.js';
import { linkedRecordSchema } from './records.js';

export const dealStatuses = ['open', 'won', 'lost'] as const;
export const dealStatusSchema = z.enum(dealStatuses);
export type DealStatus = z.infer<typeof dealStatusSchema>;

const text = (max: number) => z.string().trim().max(max);
const isoDate = boundedDate();

export const nextStepSchema = z.object({ text: z.string(), dueAt: z.string() });
export const nextStepInput = z.object({
  text: text(500).min(1),
  dueAt: isoDateTime(),
});

export const dealFlagsSchema = z.object({
  noNextStep: z.boolean(),
  rotting: z.boolean(),
  overdueNextStep: z.boolean(),
});
export type DealFlags = z.infer<typeof dealFlagsSchema>;

export const qualificationSchema = z.object({
  budget: moneySchema.nullable().optional(),
  contactFrequency: text(200).nullable().optional(),
  productsOfInterest: z.array(text(200).min(1)).max(50).optional(),
  season: text(200).nullable().optional(),
  clientCategory: text(100).nullable().optional(),
  lifetimeValue: moneySchema.nullable().optional(),
});

export const proposalSchema = z.object({
  sentAt: isoDate,
  amount: moneySchema.nullable().optional(),
  result: text(1000).nullable().optional(),
});
export const contractSchema = z.object({
  number: text(100).nullable().optional(),
  date: isoDate.nullable().optional(),
  terms: text(10000).nullable().optional(),
});
export const paymentSchema = z.object({
  dueDate: isoDate,
  amount: moneySchema,
  paid: z.boolean().default(false),
});

export const dealContactInput = z.object({
  contactId: z.uuid(),
  role: text(100).nullable().optional(),
  isDecisionMaker: z.boolean().optional(),
});
export const dealContactSchema = z.object({
  contactId: z.uuid(),
  /** Null when the viewer may not see the person (`hidden`). */
  name: z.string().nullable(),
  hidden: z.boolean(),
  role: z.string().nullable(),
  isDecisionMaker: z.boolean(),
});

export const dealLineInput = z.object({
  productId: z.uuid(),
  quantity: quantitySchema,
  /** Defaults to the product's price in the deal currency. */
  unitPrice: moneySchema.optional(),
  discountPercent: percentSchema.optional(),
  /** Defaults to the product's VAT rate. */
  vatRate: percentSchema.optional(),
});
export type DealLineInput = z.infer<typeof dealLineInput>;

export const dealLineSchema = z.object({
  id: z.uuid(),
  productId: z.uuid().nullable(),
  name: z.string(),
  unit: z.string().nullable(),
  quantity: z.string(),
  unitPrice: z.string(),
  discountPercent: z.string(),
  vatRate: z.string(),
  /** Net of VAT, after discount. */
  subtotal: z.string(),
  vatAmount: z.string(),
  total: z.string(),
});

/** Fields that close a deal when it is created in, or moved to, a won or lost stage. */
const closingFields = {
  lostReasonId: z.uuid().nullable().optional(),
  lostComment: z.string().max(5000).nullable().optional(),
  wonAmount: moneySchema.nullable().optional(),
  wonDate: isoDate.nullable().optional(),
};

const dealFields = {
  title: text(300).min(1),
  companyId: z.uuid().nullable().optional(),
  contacts: z.array(dealContactInput).max(100).optional(),
  /** Shorthand for `contacts` without roles. */
  contactIds: z.array(z.uuid()).max(100).optional(),
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  amount: moneySchema.optional(),
  currency: currencySchema.optional(),
  /** A number overrides the stage default; null goes back to following the stage. */
  probability: int32().min(0).max(100).nullable().optional(),
  ownerId: z.uuid().optional(),
  source: text(200).nullable().optional(),
  expectedCloseDate: isoDate.nullable().optional(),
  expectedPaymentDate: isoDate.nullable().optional(),
  nextStep: nextStepInput.nullable().optional(),
  pricesIncludeVat: z.boolean().optional(),
  lines: z.array(dealLineInput).max(500).optional(),
  qualification: qualificationSchema.optional(),
  proposals: z.array(proposalSchema).max(100).optional(),
  contract: contractSchema.nullable().optional(),
  /** The contract with the client the deal is under: its prices are the lines' defaults. */
  contractId: z.uuid().nullable().optional(),
  /**
   * Finance, the director or admin: let the client through its credit hold once, for entering a
   * stage that requires credit clearance (audited with this reason).
   */
  creditOverrideReason: text(1000).min(1).optional(),
  paymentSchedule: z.array(paymentSchema).max(200).optional(),
  fulfilmentNotes: z.string().max(20000).nullable().optional(),
  ...closingFields,
};

export const createDealBody = z.object(dealFields);
export type CreateDeal = z.infer<typeof createDealBody>;
export const updateDealBody = z.object({ ...dealFields, title: dealFields.title.optional(), version: int32() });
export type UpdateDeal = z.infer<typeof updateDealBody>;
/** What every write path of a deal (create, patch, move, close, reopen) plans from: a patch without its version. */
export type DealInput = Omit<UpdateDeal, 'version'>;

export const dealSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  companyId: z.uuid().nullable(),
  /** Null without a company and when the viewer may not see it (then `company.hidden`). */
  companyName: z.string().nullable(),
  company: linkedRecordSchema.nullable(),
  contacts: z.array(dealContactSchema),
  contactIds: z.array(z.uuid()),
  pipelineId: z.uuid(),
  stageId: z.uuid(),
  stageName: z.string(),
  status: dealStatusSchema,
  amount: z.string(),
  currency: currencySchema,
  probability: int32(),
  probabilityOverridden: z.boolean(),
  /** amount x probability / 100, exact, rounded half-up to cents. */
  weightedAmount: z.string(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  source: z.string().nullable(),
  expectedCloseDate: z.string().nullable(),
  expectedPaymentDate: z.string().nullable(),
  nextStep: nextStepSchema.nullable(),
  pricesIncludeVat: z.boolean(),
  lines: z.array(dealLineSchema),
  subtotal: z.string(),
  vatTotal: z.string(),
  total: z.string(),
  qualification: qualificationSchema,
  proposals: z.array(proposalSchema),
  contract: contractSchema.nullable(),
  contractId: z.uuid().nullable(),
  paymentSchedule: z.array(paymentSchema),
  fulfilmentNotes: z.string().nullable(),
  wonAmount: z.string().nullable(),
  wonDate: z.string().nullable(),
  lostReasonId: z.uuid().nullable(),
  lostReasonName: z.string().nullable(),
  lostComment: z.string().nullable(),
  closedAt: z.string().nullable(),
  stageEnteredAt: z.string(),
  flags: dealFlagsSchema,
  version: int32(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type Deal = z.infer<typeof dealSchema>;

export const dealListItemSchema = dealSchema.pick({
  id: true,
  title: true,
  companyId: true,
  companyName: true,
  company: true,
  pipelineId: true,
  stageId: true,
  stageName: true,
  status: true,
  amount: true,
  currency: true,
  probability: true,
  weightedAmount: true,
  ownerId: true,
  ownerName: true,
  expectedCloseDate: true,
  nextStep: true,
  wonAmount: true,
  wonDate: true,
  closedAt: true,
  stageEnteredAt: true,
  flags: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
});
export type DealListItem = z.infer<typeof dealListItemSchema>;

export const dealSorts = [
  'updatedAt',
  '-updatedAt',
  'createdAt',
  '-createdAt',
  'expectedCloseDate',
  '-expectedCloseDate',
  'amount',
  '-amount',
  'title',
  '-title',
  'nextStepDueAt',
  '-nextStepDueAt',
  'company',
  '-company',
  'owner',
  '-owner',
] as const;

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listDealsQuery = z.object({
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  status: dealStatusSchema.optional(),
  companyId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  /** Expected signing date range, inclusive. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().trim().max(200).optional(),
  noNextStep: boolQuery.optional(),
  rotting: boolQuery.optional(),
  overdueNextStep: boolQuery.optional(),
  deleted: boolQuery.optional(),
  sort: z.enum(dealSorts).default('-updatedAt'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListDealsQuery = z.infer<typeof listDealsQuery>;

export const dealListSchema = z.object({ items: z.array(dealListItemSchema), nextCursor: z.string().nullable() });

/** Closing: lost needs an active reason and a comment; won takes the actual amount and date. */
export const closeDealBody = z.object({
  outcome: z.enum(['won', 'lost']),
  // Kept loose here so that a missing or malformed value answers 422 naming the field, not 400.
  reasonId: z.string().max(100).nullable().optional(),
  comment: z.string().max(5000).nullable().optional(),
  amount: z.string().max(40).nullable().optional(),
  date: z.string().max(40).nullable().optional(),
  version: int32().optional(),
  /**
   * What to do with the deal's open activities when this closes it (won or lost): complete them
   * (done now, with activitiesOutcome), cancel them (to the bin, restorable) or keep them (the default).
   * Only those the caller may change; a move that does not close the deal ignores it.
   */
  openActivities: z.enum(['complete', 'cancel', 'keep']).optional(),
  /** The outcome written on the activities completed with the deal; calls and meetings without one need it. */
  activitiesOutcome: z.string().trim().max(2000).optional(),
});
export type CloseDeal = z.infer<typeof closeDealBody>;

export const moveDealBody = z.object({
  stageId: z.uuid(),
  /** Index in the destination column as the caller sees it (0 = top). */
  position: int32().min(0).optional(),
  version: int32().optional(),
  reasonId: z.string().max(100).nullable().optional(),
  comment: z.string().max(5000).nullable().optional(),
  amount: z.string().max(40).nullable().optional(),
  date: z.string().max(40).nullable().optional(),
  /** As on a patch: finance, the director or admin let the client through its credit hold once. */
  creditOverrideReason: z.string().trim().min(1).max(1000).optional(),
  /**
   * What to do with the deal's open activities when this closes it (won or lost): complete them
   * (done now, with activitiesOutcome), cancel them (to the bin, restorable) or keep them (the default).
   * Only those the caller may change; a move that does not close the deal ignores it.
   */
  openActivities: z.enum(['complete', 'cancel', 'keep']).optional(),
  /** The outcome written on the activities completed with the deal; calls and meetings without one need it. */
  activitiesOutcome: z.string().trim().max(2000).optional(),
});
export type MoveDeal = z.infer<typeof moveDealBody>;

export const reopenDealBody = z
  .object({
    /** Open stage to return to; defaults to the stage the deal was in before it closed. */
    stageId: z.uuid().optional(),
    version: int32().optional(),
  })
  .nullish();

export const stageMoveSchema = z.object({
  id: z.uuid(),
  fromPipelineId: z.uuid().nullable(),
  fromStageId: z.uuid().nullable(),
  fromStageName: z.string().nullable(),
  toPipelineId: z.uuid(),
  toStageId: z.uuid(),
  toStageName: z.string(),
  fromStatus: dealStatusSchema.nullable(),
  toStatus: dealStatusSchema,
  userId: z.uuid().nullable(),
  userName: z.string().nullable(),
  movedAt: z.string(),
});
export const dealHistorySchema = z.object({ items: z.array(stageMoveSchema) });

export const boardQuery = z.object({
  pipelineId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  /** Cards per column (counts and sums always cover the whole column). */
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const boardCardSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  /**
   * The client as a linked record only: a board of 16 columns carries thousands of cards, and the
   * companyId/companyName pair of the list items repeated it (about 15 % of the bytes).
   */
  company: linkedRecordSchema.nullable(),
  amount: z.string(),
  currency: currencySchema,
  probability: int32(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  nextStep: nextStepSchema.nullable(),
  expectedCloseDate: z.string().nullable(),
  stageEnteredAt: z.string(),
  flags: dealFlagsSchema,
  version: int32(),
});
export type BoardCard = z.infer<typeof boardCardSchema>;

export const currencySumSchema = z.object({ currency: currencySchema, sum: z.string(), weightedSum: z.string() });

export const boardColumnSchema = z.object({
  stageId: z.uuid(),
  name: z.string(),
  kind: z.enum(['open', 'won', 'lost']),
  probability: int32(),
  rottingDays: int32().nullable(),
  count: int32(),
  /** Sum and weighted sum of the column's deals in the board `currency` (the workspace currency). */
  sum: z.string(),
  weightedSum: z.string(),
  /** The same per currency, for boards that mix currencies. */
  sums: z.array(currencySumSchema),
  hasMore: z.boolean(),
  deals: z.array(boardCardSchema),
});

export const boardSchema = z.object({
  pipelineId: z.uuid(),
  pipelineName: z.string(),
  currency: currencySchema,
  stages: z.array(boardColumnSchema),
  /** Drop targets that close a deal (won, lost): no cards, the drop opens the closing dialog. */
  closedStages: z.array(z.object({ stageId: z.uuid(), name: z.string(), kind: z.enum(['won', 'lost']) })),
});
export type Board = z.infer<typeof boardSchema>;
