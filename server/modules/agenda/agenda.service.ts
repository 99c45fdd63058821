import type { Agenda, AgendaItem, AgendaSection, AgendaSectionQuery } from '../../../contracts/activities.js';
import { optionalLink } from '../../../contracts/records.js';
import type { AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { namesAmong } from '../../platform/registry.js';
import { agendaRows, agendaSectionRows, controlsUser, toActivity, userTimeZone, type AgendaRow } from '../activities/index.js';
import { safeTimeZone, startOfLocalDay } from '../../platform/time.js';

const LIST_LIMIT = 200;

/** The agenda's owner (the caller, or a member a head controls) and their zone; 403 for anyone else. */
async function agendaOwner(db: Db, user: AuthUser, userId: string | undefined): Promise<{ ownerId: string; tz: string }> {
  const ownerId = userId ?? user.id;
  if (!(await controlsUser(db, user, ownerId))) throw PlatformErrors.FORBIDDEN();
  const tz = safeTimeZone(ownerId === user.id ? user.timeZone : await userTimeZone(db, user.workspaceId, ownerId));
  return { ownerId, tz };
}

/**
 * The rows as agenda items, their linked contacts, companies and deals named for the viewer in
 * three queries for the whole answer (a record the viewer may not open comes as hidden).
 */
async function withLinks(db: Db, user: AuthUser, rows: AgendaRow[], now: Date): Promise<AgendaItem[]> {
  const ids = (col: 'contact_id' | 'company_id' | 'deal_id') => [...new Set(rows.flatMap((r) => (r[col] ? [r[col]] : [])))];
  const [contacts, companies, deals] = await Promise.all([
    namesAmong(db, user, 'contact', ids('contact_id')),
    namesAmong(db, user, 'company', ids('company_id')),
    namesAmong(db, user, 'deal', ids('deal_id')),
  ]);
  return rows.map((r) => ({
    ...toActivity(r, now),
    contact: optionalLink(r.contact_id, r.contact_id ? contacts.get(r.contact_id) : null),
    company: optionalLink(r.company_id, r.company_id ? companies.get(r.company_id) : null),
    deal: optionalLink(r.deal_id, r.deal_id ? deals.get(r.deal_id) : null),
  }));
}

/** The first `limit` rows and the cursor after the last of them when more were fetched. */
function pageOf(rows: AgendaRow[], limit: number): { page: AgendaRow[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(last.sort_key, last.id) : null };
}

/**
 * A manager's agenda at `now` (injectable for tests), in the agenda owner's time zone:
 * overdue = undone with the planned time passed (most recent first, the first `overdueLimit` plus the total);
 * today = the rest of the owner's local day, done ones included so the day reads as a whole;
 * upcoming = undone in the `days` local days after today (the first `upcomingLimit`, then paged).
 */
export async function getAgenda(
  db: Db,
  user: AuthUser,
  q: { userId?: string; days: number; overdueLimit?: number; upcomingLimit?: number },
  now = new Date(),
): Promise<Agenda> {
  const { ownerId, tz } = await agendaOwner(db, user, q.userId);
  const overdueLimit = q.overdueLimit ?? 50;
  const upcomingLimit = q.upcomingLimit ?? LIST_LIMIT;
  const todayStart = startOfLocalDay(now, tz);
  const todayEnd = startOfLocalDay(now, tz, 1);
  const upcomingEnd = startOfLocalDay(now, tz, 1 + q.days);
  // One row past each limit tells whether a next page exists.
  const rows = await agendaRows(db, user.workspaceId, ownerId, {
    now,
    todayStart,
    todayEnd,
    upcomingEnd,
    limit: LIST_LIMIT,
    overdueLimit: overdueLimit + 1,
    upcomingLimit: upcomingLimit + 1,
  });
  const overdue = pageOf(rows.overdue, overdueLimit);
  const upcoming = pageOf(rows.upcoming, upcomingLimit);
  const items = await withLinks(db, user, [...overdue.page, ...rows.today, ...upcoming.page], now);
  const today = items.slice(overdue.page.length, overdue.page.length + rows.today.length);
  return {
    userId: ownerId,
    timeZone: tz,
    now: now.toISOString(),
    todayStart: todayStart.toISOString(),
    todayEnd: todayEnd.toISOString(),
    upcomingEnd: upcomingEnd.toISOString(),
    overdue: items.slice(0, overdue.page.length),
    overdueTotal: rows.overdueTotal,
    // With no overdue listed (overdueLimit 0) the first page starts at the beginning.
    overdueNextCursor: overdueLimit === 0 ? null : overdue.nextCursor,
    today,
    upcoming: items.slice(overdue.page.length + rows.today.length),
    upcomingNextCursor: upcoming.nextCursor,
  };
}

/** A page of the overdue or upcoming section of an agenda, after `cursor`, linked records named. */
export async function getAgendaSection(
  db: Db,
  user: AuthUser,
  section: 'overdue' | 'upcoming',
  q: AgendaSectionQuery,
  now = new Date(),
): Promise<AgendaSection> {
  const { ownerId, tz } = await agendaOwner(db, user, q.userId);
  const rows = await agendaSectionRows(db, user.workspaceId, ownerId, section, {
    now,
    from: startOfLocalDay(now, tz, 1),
    to: startOfLocalDay(now, tz, 1 + q.days),
    after: decodeCursor(q.cursor, 'timestamptz'),
    limit: q.limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, q.limit);
  return { items: await withLinks(db, user, page, now), nextCursor };
}
