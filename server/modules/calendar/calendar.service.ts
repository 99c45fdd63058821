import { translate, type Lang } from '../../../contracts/i18n/index.js';
import type { Db } from '../../platform/database.js';
import { activitiesInRange } from '../activities/index.js';
import { contactBirthdays } from '../contacts/index.js';
import type { AuthUser } from '../../platform/auth.js';
import { namesOfRefs } from '../../platform/registry.js';
import { findUserByCalendarToken } from '../users/index.js';
import { dateValue, escapeText, serializeCalendar, utcStamp, type IcsEvent } from './calendar.ics.js';

const DAY_MS = 86_400_000;
/** The feed's window around now: recent history and half a year ahead. */
export const FEED_PAST_DAYS = 30;
export const FEED_FUTURE_DAYS = 180;
const DEFAULT_MINUTES = 30;

/** Stable across fetches, so calendar apps update events rather than duplicate them. */
const activityUid = (id: string) => `activity-${id}@orbita`;
const birthdayUid = (contactId: string) => `birthday-${contactId}@orbita`;

function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  return new Date(d.getTime() + DAY_MS).toISOString().slice(0, 10);
}

/**
 * The iCalendar feed behind a user's secret token (no session): their activities from 30 days
 * back to 180 ahead, and their contacts' birthdays as yearly all-day events. Null for an unknown
 * or revoked token.
 */
export async function calendarFeed(db: Db, token: string, now = new Date()): Promise<string | null> {
  const user = await findUserByCalendarToken(db, token);
  if (!user) return null;
  const lang = user.language as Lang;
  const t = (key: string, params: Record<string, unknown> = {}) => translate(lang, key, params);
  const ws = user.workspace_id;
  const [rows, birthdays] = await Promise.all([
    activitiesInRange(
      db,
      ws,
      user.id,
      new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS),
      new Date(now.getTime() + FEED_FUTURE_DAYS * DAY_MS),
      5000,
    ),
    contactBirthdays(db, ws, user.id),
  ]);
  // Linked records are named only as the feed's user may see them now (a contact whose share was
  // removed, another manager's company or deal: not named at all).
  const viewer: AuthUser = {
    id: user.id,
    workspaceId: ws,
    role: user.role,
    teamId: user.team_id,
    name: user.name,
    email: user.email,
    language: lang,
    timeZone: user.time_zone,
  };
  const names = await namesOfRefs(db, viewer, [
    ...rows.flatMap((r) => (r.contact_id ? [{ kind: 'contact', id: r.contact_id }] : [])),
    ...rows.flatMap((r) => (r.company_id ? [{ kind: 'company', id: r.company_id }] : [])),
    ...rows.flatMap((r) => (r.deal_id ? [{ kind: 'deal', id: r.deal_id }] : [])),
  ]);
  const nameOf = (kind: string, id: string | null) => (id ? names.get(`${kind}:${id}`) : undefined);
  const stamp = utcStamp(now);

  const events: IcsEvent[] = rows.map((r) => {
    const who = [nameOf('contact', r.contact_id), nameOf('company', r.company_id)].filter(Boolean).join(', ');
    const summary = `${r.done ? '✓ ' : ''}${t(`activities.types.${r.type}`)}: ${r.subject}${who ? ` — ${who}` : ''}`;
    const description = [
      r.outcome ? `${t('activities.fields.outcome')}: ${r.outcome}` : '',
      nameOf('deal', r.deal_id) ? `${t('activities.fields.deal')}: ${nameOf('deal', r.deal_id)}` : '',
      r.notes ?? '',
    ]
      .filter(Boolean)
      .join('\n');
    const end = new Date(r.due_at.getTime() + (r.duration_minutes ?? DEFAULT_MINUTES) * 60_000);
    const e: IcsEvent = [
      ['UID', activityUid(r.id)],
      ['DTSTAMP', stamp],
      ['DTSTART', utcStamp(r.due_at)],
      ['DTEND', utcStamp(end.getTime() > r.due_at.getTime() ? end : new Date(r.due_at.getTime() + 60_000))],
      ['SUMMARY', escapeText(summary)],
      ['CATEGORIES', escapeText(t(`activities.types.${r.type}`))],
      ['STATUS', 'CONFIRMED'],
      ['SEQUENCE', String(r.version)],
      ['LAST-MODIFIED', utcStamp(r.updated_at)],
    ];
    if (description) e.push(['DESCRIPTION', escapeText(description)]);
    return e;
  });

  for (const b of birthdays) {
    const date = b.birthday!;
    // Born on 29 February: celebrate on the last day of February in common years.
    const rule = date.slice(5) === '02-29' ? 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1' : 'FREQ=YEARLY';
    events.push([
      ['UID', birthdayUid(b.id)],
      ['DTSTAMP', stamp],
      ['DTSTART;VALUE=DATE', dateValue(date)],
      ['DTEND;VALUE=DATE', dateValue(nextDay(date))],
      ['RRULE', rule],
      ['SUMMARY', escapeText(t('activities.ics.birthday', { name: b.full_name }))],
      ['TRANSP', 'TRANSPARENT'],
      ['LAST-MODIFIED', utcStamp(b.updated_at)],
    ]);
  }

  return serializeCalendar(
    [
      ['VERSION', '2.0'],
      ['PRODID', '-//Orbita CRM//Orbita//EN'],
      ['CALSCALE', 'GREGORIAN'],
      ['METHOD', 'PUBLISH'],
      ['X-WR-CALNAME', escapeText(t('activities.ics.calendarName', { name: user.name }))],
      ['REFRESH-INTERVAL;VALUE=DURATION', 'PT15M'],
      ['X-PUBLISHED-TTL', 'PT15M'],
    ],
    events,
  );
}
