import { z } from 'zod';
import { int32 } from './common.js';

export const dashboardQuery = z.object({
  teamId: z.uuid().optional(),
  /** "Untouched" means no done call, meeting, visit, exhibition, email or letter for this many days. */
  days: z.coerce.number().int().min(1).max(365).default(30),
  /** Figures are computed at most every 30 s per scope; `fresh=true` recomputes now (the Refresh button). */
  fresh: z.enum(['true', 'false']).optional(),
});

export const currencyAmount = z.object({ currency: z.string(), amount: z.string() });

export const dashboardRowSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  role: z.string(),
  teamId: z.uuid().nullable(),
  openDeals: int32(),
  /** Sum of amount x probability of open deals in the workspace currency (decimal string). */
  openDealsWeighted: z.string(),
  /** The same per deal currency, for deals not in the workspace currency too. */
  openDealsWeightedByCurrency: z.array(currencyAmount),
  contactsOwned: int32(),
  /** Maximum active contacts; null = no cap set. */
  capacity: int32().nullable(),
  /** capacity - contactsOwned (negative when over capacity); null without a cap. */
  freeCapacity: int32().nullable(),
  /** Activities due this week (Monday to Sunday in the viewer's time zone), done or not. */
  activitiesPlannedThisWeek: int32(),
  /** Activities completed this week. */
  activitiesDoneThisWeek: int32(),
  /** Undone activities whose time has passed (any week). */
  activitiesOverdue: int32(),
  dealsWithoutNextStep: int32(),
  contactsUntouched: int32(),
  /**
   * Incoming calls of the last `days` days (the user was their manager) and the lost ones: missed
   * and not called back, or answered with nothing recorded for the caller, within 30 minutes (see
   * GET /reports/lost-calls); `lostRate` = lost / (incoming - pending) in percent. Null where the
   * lost-call report is not composed into the app.
   */
  lostCalls: z.object({ incoming: int32(), pending: int32(), lost: int32(), lostRate: z.string().nullable() }).nullable(),
});
export type DashboardRow = z.infer<typeof dashboardRowSchema>;

export const dashboardResponse = z.object({
  /** When these figures were computed (they may be up to a minute old, see `fresh`). */
  computedAt: z.string(),
  currency: z.string(),
  days: int32(),
  timeZone: z.string(),
  weekStart: z.string(),
  weekEnd: z.string(),
  items: z.array(dashboardRowSchema),
  totals: dashboardRowSchema.omit({ userId: true, name: true, role: true, teamId: true, capacity: true, freeCapacity: true }),
});

/**
 * Staleness score of a contact, higher = more neglected:
 *   days since the last real contact (a done call, meeting, visit, exhibition, email or letter;
 *   since creation if none), capped at 3650
 *   x segment weight: A 1.5, B 1.0, C 0.5, none 1.0 (a neglected key client matters most)
 *   / (1 + number of open deals the contact takes part in) (someone being sold to is not stale)
 *   rounded to one decimal.
 */
export const staleContactsQuery = z.object({
  ownerId: z.uuid().optional(),
  minScore: z.coerce.number().min(0).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const staleContactSchema = z.object({
  contactId: z.uuid(),
  name: z.string(),
  ownerId: z.uuid().nullable(),
  segment: z.string().nullable(),
  lastActivityAt: z.string().nullable(),
  daysSinceLastActivity: int32(),
  openDeals: int32(),
  score: z.number(),
});
export const staleContactsResponse = z.object({ items: z.array(staleContactSchema), nextCursor: z.string().nullable() });

export const capacityBody = z.object({ capacity: int32().min(0).max(100000).nullable() });
export const capacityResponse = z.object({ userId: z.uuid(), capacity: int32().nullable(), contactsOwned: int32() });

export const reassignBody = z
  .object({
    contactIds: z.array(z.uuid()).min(1).max(1000),
    /** Candidates to receive contacts (managers or heads of sales the caller controls); default: every active manager the caller controls. */
    toUserIds: z.array(z.uuid()).min(1).max(200).optional(),
    /**
     * balance: each contact goes to the candidate with the most free capacity (capacity minus owned
     * live contacts; no cap counts as unlimited, ties go to whoever owns fewer), never to its current
     * owner, never past a cap. If the caps cannot take them all, nothing is moved (422).
     */
    strategy: z.enum(['balance']).default('balance'),
  })
  .strict();

export const reassignResponse = z.object({
  moved: int32(),
  assignments: z.array(z.object({ contactId: z.uuid(), fromUserId: z.uuid().nullable(), toUserId: z.uuid() })),
  users: z.array(
    z.object({
      userId: z.uuid(),
      name: z.string(),
      received: int32(),
      contactsOwned: int32(),
      capacity: int32().nullable(),
    }),
  ),
});
