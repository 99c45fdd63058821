import type { Agenda } from '../../../contracts/activities.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { agendaRows, controlsUser, toActivity, userTimeZone } from '../activities/index.js';
import { safeTimeZone, startOfLocalDay } from '../../platform/time.js';

const LIST_LIMIT = 200;
const OVERDUE_LIMIT = 50;

/**
 * A manager's agenda at `now` (injectable for tests), in the agenda owner's time zone:
 * overdue = undone with the planned time passed (most recent first, the first 50 plus the total);
 * today = the rest of the owner's local day, done ones included so the day reads as a whole;
 * upcoming = undone in the `days` local days after today.
 */
export async function getAgenda(db: Db, user: AuthUser, q: { userId?: string; days: number }, now = new Date()): Promise<Agenda> {
  const ownerId = q.userId ?? user.id;
  if (!(await controlsUser(db, user, ownerId))) throw PlatformErrors.FORBIDDEN();
  const tz = safeTimeZone(ownerId === user.id ? user.timeZone : await userTimeZone(db, user.workspaceId, ownerId));
  const todayStart = startOfLocalDay(now, tz);
  const todayEnd = startOfLocalDay(now, tz, 1);
  const upcomingEnd = startOfLocalDay(now, tz, 1 + q.days);
  const rows = await agendaRows(db, user.workspaceId, ownerId, {
    now,
    todayStart,
    todayEnd,
    upcomingEnd,
    limit: LIST_LIMIT,
    overdueLimit: OVERDUE_LIMIT,
  });
  return {
    userId: ownerId,
    timeZone: tz,
    now: now.toISOString(),
    todayStart: todayStart.toISOString(),
    todayEnd: todayEnd.toISOString(),
    upcomingEnd: upcomingEnd.toISOString(),
    overdue: rows.overdue.map((r) => toActivity(r, now)),
    overdueTotal: rows.overdueTotal,
    today: rows.today.map((r) => toActivity(r, now)),
    upcoming: rows.upcoming.map((r) => toActivity(r, now)),
  };
}
