import Decimal from 'decimal.js';
import type { z } from 'zod';
import type { capacityBody, DashboardRow, dashboardQuery, reassignBody, staleContactsQuery } from '../../../contracts/control.js';
import type { AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { safeTimeZone, startOfLocalWeek } from '../../platform/time.js';
import { lockContacts, reassignContacts } from '../contacts/index.js';
import { updateUser } from '../users/index.js';
import { ControlErrors, ControlFieldCodes } from './control.errors.js';
import * as repo from './control.repository.js';

const CONTROLLERS: AuthUser['role'][] = ['head_of_sales', 'director', 'admin'];

/** Head of sales (own team), director and admin control; everyone else gets 403. */
export function assertController(user: AuthUser) {
  if (!CONTROLLERS.includes(user.role)) throw PlatformErrors.FORBIDDEN();
}

async function assertTeam(db: Db, user: AuthUser, teamId: string | undefined) {
  if (!teamId) return;
  const t = await repo.teamInScope(db, user, teamId);
  if (t === 'missing') throw ControlErrors.TEAM_NOT_FOUND();
  if (t === 'forbidden') throw PlatformErrors.FORBIDDEN();
}

const DAY_MS = 86_400_000;

/** Lost calls per user, as the lost-call report counts them (composed in app.ts: control does not import it). */
export type LostCallsSource = (
  db: Db,
  viewer: AuthUser,
  userIds: string[],
  window: { from: Date; to: Date; withinMinutes: number },
) => Promise<Map<string, { incoming: number; pending: number; lost: number; lostRate: string | null }>>;

/** Figures other modules give the dashboard. */
export type DashboardSources = { lostCalls?: LostCallsSource };

/** Follow-up window of the dashboard's lost-call rate (the report's default). */
const LOST_CALL_MINUTES = 30;

/**
 * Per manager in scope: open deals and their weighted sum, contacts owned against capacity,
 * activities planned/done this week and overdue, deals without a next step, contacts untouched for
 * `days`. Each figure is one grouped query over its own index, run side by side.
 */
export async function dashboard(
  db: Db,
  user: AuthUser,
  q: z.infer<typeof dashboardQuery>,
  now = new Date(),
  sources: DashboardSources = {},
) {
  assertController(user);
  await assertTeam(db, user, q.teamId);
  const tz = safeTimeZone(user.timeZone);
  const weekStart = startOfLocalWeek(now, tz);
  const weekEnd = startOfLocalWeek(new Date(weekStart.getTime() + 8 * DAY_MS), tz);
  const users = await repo.scopeUsers(db, user, { teamId: q.teamId, sellingOnly: true });
  const ids = users.map((u) => u.id);
  const ws = user.workspaceId;
  const [currency, deals, contacts, planned, done, overdue, lost] = await Promise.all([
    repo.workspaceCurrency(db, ws),
    repo.openDealsByOwner(db, ws, ids),
    repo.contactsByOwner(db, ws, ids, new Date(now.getTime() - q.days * DAY_MS)),
    repo.activitiesPlannedByOwner(db, ws, ids, weekStart, weekEnd),
    repo.activitiesDoneByOwner(db, ws, ids, weekStart, weekEnd),
    repo.activitiesOverdueByOwner(db, ws, ids, now),
    sources.lostCalls?.(db, user, ids, { from: new Date(now.getTime() - q.days * DAY_MS), to: now, withinMinutes: LOST_CALL_MINUTES }),
  ]);
  const count = (rows: repo.ActivityAgg[]) => new Map(rows.map((r) => [r.owner_id, Number(r.n)]));
  const [plannedBy, doneBy, overdueBy] = [count(planned), count(done), count(overdue)];
  const contactsBy = new Map(contacts.map((c) => [c.owner_id, c]));

  const items: DashboardRow[] = users.map((u) => {
    const mine = deals.filter((d) => d.owner_id === u.id);
    const owned = contactsBy.get(u.id)?.owned ?? 0;
    const home = mine.find((d) => d.currency === currency);
    return {
      userId: u.id,
      name: u.name,
      role: u.role,
      teamId: u.teamId,
      openDeals: mine.reduce((n, d) => n + d.open_deals, 0),
      openDealsWeighted: new Decimal(home?.weighted ?? 0).toFixed(2),
      openDealsWeightedByCurrency: mine
        .map((d) => ({ currency: d.currency, amount: new Decimal(d.weighted).toFixed(2) }))
        .sort((a, b) => a.currency.localeCompare(b.currency)),
      contactsOwned: owned,
      capacity: u.capacity,
      freeCapacity: u.capacity === null ? null : u.capacity - owned,
      activitiesPlannedThisWeek: plannedBy.get(u.id) ?? 0,
      activitiesDoneThisWeek: doneBy.get(u.id) ?? 0,
      activitiesOverdue: overdueBy.get(u.id) ?? 0,
      dealsWithoutNextStep: mine.reduce((n, d) => n + d.without_next_step, 0),
      contactsUntouched: contactsBy.get(u.id)?.untouched ?? 0,
      lostCalls: lost ? (lost.get(u.id) ?? { incoming: 0, pending: 0, lost: 0, lostRate: null }) : null,
    };
  });
  const lostTotal = lost
    ? [...lost.values()].reduce((t, r) => ({ incoming: t.incoming + r.incoming, pending: t.pending + r.pending, lost: t.lost + r.lost }), {
        incoming: 0,
        pending: 0,
        lost: 0,
      })
    : null;
  const decided = lostTotal ? lostTotal.incoming - lostTotal.pending : 0;

  const byCurrency = new Map<string, Decimal>();
  for (const d of deals) byCurrency.set(d.currency, (byCurrency.get(d.currency) ?? new Decimal(0)).plus(d.weighted));
  const sum = (k: keyof DashboardRow) => items.reduce((n, i) => n + (i[k] as number), 0);
  return {
    computedAt: now.toISOString(),
    currency,
    days: q.days,
    timeZone: tz,
    weekStart: weekStart.toISOString(),
    weekEnd: weekEnd.toISOString(),
    items,
    totals: {
      openDeals: sum('openDeals'),
      openDealsWeighted: (byCurrency.get(currency) ?? new Decimal(0)).toFixed(2),
      openDealsWeightedByCurrency: [...byCurrency]
        .map(([c, a]) => ({ currency: c, amount: a.toFixed(2) }))
        .sort((a, b) => a.currency.localeCompare(b.currency)),
      contactsOwned: sum('contactsOwned'),
      activitiesPlannedThisWeek: sum('activitiesPlannedThisWeek'),
      activitiesDoneThisWeek: sum('activitiesDoneThisWeek'),
      activitiesOverdue: sum('activitiesOverdue'),
      dealsWithoutNextStep: sum('dealsWithoutNextStep'),
      contactsUntouched: sum('contactsUntouched'),
      lostCalls: lostTotal && {
        ...lostTotal,
        lostRate: decided ? new Decimal(lostTotal.lost).mul(100).div(decided).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1) : null,
      },
    },
  };
}

export type Dashboard = Awaited<ReturnType<typeof dashboard>>;
type CacheEntry = { at: number; value: Promise<Dashboard>; refreshing: boolean };
export type DashboardCache = Map<string, CacheEntry>;

/** Per-instance memory of computed dashboards (created with the routes, never global). */
export const createDashboardCache = (): DashboardCache => new Map();

const FRESH_MS = 30_000;
const STALE_MS = 5 * 60_000;

/**
 * The dashboard through a short-lived cache: the figures aggregate a whole team's contacts, deals
 * and activities, and a page of heads refreshing it must not recompute them for each request.
 * Within 30 s a scope's figures are served as they are; up to 5 min old they are served while
 * one refresh runs in the background; older, or with `fresh`, they are recomputed. Concurrent
 * requests for the same scope share one computation. Access is checked on every request.
 */
export async function cachedDashboard(
  db: Db,
  user: AuthUser,
  q: z.infer<typeof dashboardQuery>,
  cache: DashboardCache,
  sources: DashboardSources = {},
): Promise<Dashboard> {
  assertController(user);
  await assertTeam(db, user, q.teamId);
  const scope = user.role === 'head_of_sales' ? `head:${user.id}` : 'all';
  const key = [user.workspaceId, scope, q.teamId ?? '', q.days, safeTimeZone(user.timeZone)].join('|');
  const compute = () => {
    const entry: CacheEntry = { at: Date.now(), value: dashboard(db, user, q, new Date(), sources), refreshing: false };
    entry.value.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    if (cache.size > 1000) cache.clear();
    cache.set(key, entry);
    return entry.value;
  };
  const hit = cache.get(key);
  const age = hit ? Date.now() - hit.at : Infinity;
  if (!hit || q.fresh === 'true' || age > STALE_MS) return compute();
  if (age > FRESH_MS && !hit.refreshing) {
    hit.refreshing = true;
    // The new figures replace the entry only once they are ready.
    const next = dashboard(db, user, q, new Date(), sources);
    next.then(
      () => cache.set(key, { at: Date.now(), value: next, refreshing: false }),
      () => {
        hit.refreshing = false;
      },
    );
  }
  return hit.value;
}

function afterCursor(c: string | undefined) {
  const after = decodeCursor(c, 'numeric');
  return after && { score: after[0], id: after[1] };
}

/**
 * Contacts by staleness score, most neglected first, among those the caller can see (a manager
 * sees their own; a head their team's; director and admin everyone's).
 */
export async function staleContacts(db: Db, user: AuthUser, q: z.infer<typeof staleContactsQuery>, now = new Date()) {
  const rows = await repo.staleContacts(db, user, {
    ownerId: q.ownerId,
    minScore: q.minScore,
    after: afterCursor(q.cursor),
    limit: q.limit + 1,
    now,
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      contactId: r.id,
      name: r.full_name,
      ownerId: r.owner_id,
      segment: r.segment,
      lastActivityAt: r.last_done_at ? r.last_done_at.toISOString() : null,
      daysSinceLastActivity: r.days,
      openDeals: r.open_deals,
      score: Number(r.score_text),
    })),
    nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].score_text, page[page.length - 1].id) : null,
  };
}

async function targetInScope(db: Db, user: AuthUser, userId: string) {
  const [target] = await repo.scopeUsers(db, user, { ids: [userId] });
  if (!target) throw ControlErrors.CONTROL_USER_NOT_FOUND();
  return target;
}

/** Sets a manager's capacity (maximum active contacts); through the users module, audited there. */
export async function setCapacity(db: Db, user: AuthUser, userId: string, body: z.infer<typeof capacityBody>) {
  assertController(user);
  await targetInScope(db, user, userId);
  const updated = await updateUser(db, user, userId, { capacity: body.capacity });
  const owned = await repo.ownedContactCounts(db, user.workspaceId, [userId]);
  return { userId, capacity: updated.capacity, contactsOwned: owned.get(userId) ?? 0 };
}

type Candidate = { id: string; name: string; capacity: number | null; owned: number; received: number };

const freeOf = (c: Candidate) => (c.capacity === null ? Number.POSITIVE_INFINITY : c.capacity - c.owned);

/**
 * Plans the balance strategy: each contact, in the order given, goes to the candidate other than
 * its owner with the most free capacity (ties: fewer owned, then id). Pure, so it is easy to test.
 */
export function planBalanced(contacts: { id: string; ownerId: string | null }[], candidates: Candidate[]) {
  const plan: { contactId: string; fromUserId: string | null; toUserId: string }[] = [];
  const unplaced: string[] = [];
  for (const c of contacts) {
    let best: Candidate | undefined;
    for (const cand of candidates) {
      if (cand.id === c.ownerId || freeOf(cand) <= 0) continue;
      if (
        !best ||
        freeOf(cand) > freeOf(best) ||
        (freeOf(cand) === freeOf(best) && (cand.owned < best.owned || (cand.owned === best.owned && cand.id < best.id)))
      )
        best = cand;
    }
    if (!best) {
      unplaced.push(c.id);
      continue;
    }
    best.owned += 1;
    best.received += 1;
    // Moving away from a candidate frees a place with them for the rest of the batch.
    const previous = candidates.find((x) => x.id === c.ownerId);
    if (previous) previous.owned -= 1;
    plan.push({ contactId: c.id, fromUserId: c.ownerId, toUserId: best.id });
  }
  return { plan, unplaced };
}

/**
 * Moves the selected contacts to other managers, balancing by free capacity. The contacts module
 * does the move (owner change, audit entry, timeline event per contact); either every contact
 * moves or none does.
 */
export async function reassign(db: Db, user: AuthUser, body: z.infer<typeof reassignBody>) {
  assertController(user);
  const contactIds = [...new Set(body.contactIds)];
  // One transaction from the first read to the last write, the contacts locked before they are
  // read: concurrent reassignments of the same contacts queue, and each one plans with (and
  // audits) the owners the previous one left, and refuses contacts that left the caller's scope.
  return db.transaction().execute(async (trx) => {
    await lockContacts(trx, user.workspaceId, contactIds);
    const found = new Map((await repo.visibleContacts(trx, user, contactIds)).map((c) => [c.id, c]));
    const missing: FieldIssue[] = [];
    body.contactIds.forEach((id, i) => {
      if (!found.has(id)) missing.push({ path: `contactIds.${i}`, code: ControlFieldCodes.contactNotFound });
    });
    if (missing.length) throw PlatformErrors.VALIDATION({ fields: missing });

    let targets: repo.ScopeUser[];
    if (body.toUserIds) {
      const wanted = [...new Set(body.toUserIds)];
      targets = await repo.scopeUsers(trx, user, { ids: wanted, sellingOnly: true });
      const ok = new Set(targets.map((t) => t.id));
      const bad: FieldIssue[] = [];
      body.toUserIds.forEach((id, i) => {
        if (!ok.has(id)) bad.push({ path: `toUserIds.${i}`, code: ControlFieldCodes.targetNotAllowed });
      });
      if (bad.length) throw PlatformErrors.VALIDATION({ fields: bad });
    } else {
      targets = await repo.scopeUsers(trx, user, { managersOnly: true });
    }
    // Capacities are counted after the receivers are locked, so two batches cannot both fill the last places.
    await repo.lockUsers(
      trx,
      user.workspaceId,
      targets.map((t) => t.id),
    );
    const owned = await repo.ownedContactCounts(
      trx,
      user.workspaceId,
      targets.map((t) => t.id),
    );
    const candidates: Candidate[] = targets.map((t) => ({
      id: t.id,
      name: t.name,
      capacity: t.capacity,
      owned: owned.get(t.id) ?? 0,
      received: 0,
    }));
    const { plan, unplaced } = planBalanced(
      contactIds.map((id) => ({ id, ownerId: found.get(id)!.owner_id })),
      candidates,
    );
    if (unplaced.length) {
      const free = candidates.reduce((n, c) => n + Math.max(0, Number.isFinite(freeOf(c)) ? freeOf(c) : 0), 0);
      throw ControlErrors.CAPACITY_EXCEEDED({
        fields: [{ path: 'contactIds', code: ControlFieldCodes.capacityExceeded, params: { unplaced: unplaced.length } }],
        params: { unplaced: unplaced.length, free },
      });
    }

    const byTarget = new Map<string, string[]>();
    for (const p of plan) byTarget.set(p.toUserId, [...(byTarget.get(p.toUserId) ?? []), p.contactId]);
    for (const [toUserId, ids] of byTarget) await reassignContacts(trx, user, ids, toUserId);

    return {
      moved: plan.length,
      assignments: plan,
      users: candidates.map((c) => ({ userId: c.id, name: c.name, received: c.received, contactsOwned: c.owned, capacity: c.capacity })),
    };
  });
}
