import { z } from 'zod';
import { int32, isoDate as boundedDate } from './common.js';
import { currencySchema } from './products.js';

const isoDate = boundedDate();

export const forecastQuery = z.object({
  /** Period, inclusive; defaults to the current calendar year. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  groupBy: z.enum(['month', 'owner', 'pipeline']).default('month'),
  /** Only deals in this currency (amounts are never converted). */
  currency: currencySchema.optional(),
  pipelineId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
});
export type ForecastQuery = z.infer<typeof forecastQuery>;

export const forecastGroupSchema = z.object({
  /** "2026-03" by month, the user id by owner, the pipeline id by pipeline ("none" for deals without an owner). */
  key: z.string(),
  label: z.string(),
  currency: currencySchema,
  /** Open deals expected to sign in the period. */
  openAmount: z.string(),
  /** The same, amount x probability / 100, exact, rounded half-up to cents. */
  weightedAmount: z.string(),
  /** Deals won in the period (actual amounts). */
  wonAmount: z.string(),
  openCount: int32(),
  wonCount: int32(),
});

export const forecastSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(['month', 'owner', 'pipeline']),
  groups: z.array(forecastGroupSchema),
  totals: z.array(z.object({ currency: currencySchema, openAmount: z.string(), weightedAmount: z.string(), wonAmount: z.string() })),
});
export type Forecast = z.infer<typeof forecastSchema>;

export const lostReasonsReportQuery = z.object({
  /** Period of losing (closing date), inclusive, in the caller's time zone; defaults to the current year. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  ownerId: z.uuid().optional(),
  pipelineId: z.uuid().optional(),
});

const amountSchema = z.object({ currency: currencySchema, amount: z.string() });

export const lostReasonsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  total: z.object({ count: int32(), amounts: z.array(amountSchema) }),
  byReason: z.array(
    z.object({
      reasonId: z.uuid().nullable(),
      reasonName: z.string(),
      count: int32(),
      /** Share of all lost deals in the period, percent with one decimal. */
      share: z.string(),
      amounts: z.array(amountSchema),
    }),
  ),
  byOwner: z.array(
    z.object({
      ownerId: z.uuid().nullable(),
      ownerName: z.string(),
      count: int32(),
      amounts: z.array(amountSchema),
      reasons: z.array(z.object({ reasonId: z.uuid().nullable(), count: int32() })),
    }),
  ),
});
export type LostReasonsReport = z.infer<typeof lostReasonsReportSchema>;
