import Decimal from 'decimal.js';
import { callSchema } from '../../../contracts/calls.js';
import { translate, type Lang } from '../../../contracts/i18n/index.js';
import type { LostCallCounts, LostCallItem, LostCallOutcome, LostCallsQuery, LostCallsReport } from '../../../contracts/lost-calls.js';
import { linkedRecord, optionalLink } from '../../../contracts/records.js';
import { addDays, dayStartUtc, ymdOf } from '../../../contracts/time.js';
import type { AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { namesAmong } from '../../platform/registry.js';
import { workspaceRegion } from '../../platform/search/index.js';
import { numberKey } from '../calls/index.js';
import { safeTimeZone } from '../../platform/time.js';
import * as repo from './lost-calls.repository.js';

/** The period in the viewer's zone as instants: [start of `from`, start of the day after `to`). */
function period(user: AuthUser, q: { from?: string; to?: string }, now: Date) {
  const tz = safeTimeZone(user.timeZone);
  const to = q.to ?? ymdOf(now, tz);
  const from = q.from ?? addDays(to, -29);
  if (to < from) throw PlatformErrors.VALIDATION({ fields: [{ path: 'to', code: 'lostCalls.rules.periodInvalid' }] });
  if (addDays(from, 366) < to) throw PlatformErrors.VALIDATION({ fields: [{ path: 'from', code: 'lostCalls.rules.periodTooLong' }] });
  return { from, to, tz, start: dayStartUtc(from, tz), end: dayStartUtc(addDays(to, 1), tz) };
}

/** Counts of one group from its rows (several rows when lines spelt differently share a key). */
export function countsOf(rows: Pick<repo.CountRow, Exclude<keyof repo.CountRow, 'key'>>[]): LostCallCounts {
  const sum = (k: keyof (typeof rows)[number]) => rows.reduce((n, r) => n + Number(r[k]), 0);
  const [incoming, missed, missedDone, missedPending, answered, answeredDone, answeredPending] = [
    sum('incoming'),
    sum('missed'),
    sum('missed_done'),
    sum('missed_pending'),
    sum('answered'),
    sum('answered_done'),
    sum('answered_pending'),
  ];
  const pending = missedPending + answeredPending;
  const missedLost = missed - missedDone - missedPending;
  const answeredLost = answered - answeredDone - answeredPending;
  const lost = missedLost + answeredLost;
  const decided = incoming - pending;
  return {
    incoming,
    missed,
    missedCalledBack: missedDone,
    missedLost,
    answered,
    answeredHandled: answeredDone,
    answeredLost,
    pending,
    lost,
    lostRate: decided ? new Decimal(lost).mul(100).div(decided).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1) : null,
  };
}

function outcomeOf(r: repo.JudgedRow, now: Date): LostCallOutcome {
  const answered = r.status === 'answered';
  if (r.done) return answered ? 'handled' : 'called_back';
  if (r.window_end > now) return 'pending';
  return answered ? 'not_handled' : 'not_called_back';
}

type LineGroup = { key: string; label: string; raws: (string | null)[] };

/** Lines as the PBX spelt them, grouped by their number key and named after the workspace's lines. */
async function lineGroups(db: Db, user: AuthUser, lang: Lang, raws: (string | null)[]): Promise<Map<string | null, LineGroup>> {
  const region = await workspaceRegion(db, user.workspaceId);
  const lines = await repo.linesByKey(db, user.workspaceId);
  const out = new Map<string | null, LineGroup>();
  const byKey = new Map<string, LineGroup>();
  for (const raw of raws) {
    const key = (raw && numberKey(raw, region)) || 'none';
    const line = lines.get(key);
    const g: LineGroup = byKey.get(key) ?? {
      key,
      label: key === 'none' ? translate(lang, 'lostCalls.noLine') : line ? `${line.name} (${line.number})` : (raw ?? key),
      raws: [],
    };
    g.raws.push(raw);
    byKey.set(key, g);
    out.set(raw, g);
  }
  return out;
}

/**
 * The lost-call report: counts and rates per manager or line over the period, and a page of the
 * calls (lost ones by default) with what was done for each, linked records named for the viewer.
 */
export async function lostCallsReport(db: Db, user: AuthUser, lang: Lang, q: LostCallsQuery, now = new Date()): Promise<LostCallsReport> {
  if (q.userId && q.line) throw PlatformErrors.VALIDATION({ fields: [{ path: 'line', code: 'lostCalls.rules.drillOne' }] });
  const p = period(user, q, now);
  const w: repo.Window = { from: p.start, to: p.end, withinMinutes: q.withinMinutes, now };
  const rows = await repo.countRows(db, user, w, q.groupBy);

  let groups: LostCallsReport['groups'];
  let lineOf = new Map<string | null, LineGroup>();
  if (q.groupBy === 'line' || q.line) {
    const lineRows = q.groupBy === 'line' ? rows : await repo.countRows(db, user, w, 'line');
    lineOf = await lineGroups(
      db,
      user,
      lang,
      lineRows.map((r) => r.key),
    );
  }
  if (q.groupBy === 'line') {
    const byKey = new Map<string, { g: LineGroup; rows: repo.CountRow[] }>();
    for (const r of rows) {
      const g = lineOf.get(r.key)!;
      const e = byKey.get(g.key) ?? { g, rows: [] };
      e.rows.push(r);
      byKey.set(g.key, e);
    }
    groups = [...byKey.values()].map(({ g, rows: rs }) => ({ key: g.key, label: g.label, ...countsOf(rs) }));
  } else {
    const names = await repo.userNames(
      db,
      user.workspaceId,
      rows.flatMap((r) => (r.key ? [r.key] : [])),
    );
    groups = rows.map((r) => ({
      key: r.key ?? 'none',
      label: r.key ? (names.get(r.key) ?? r.key) : translate(lang, 'lostCalls.noManager'),
      ...countsOf([r]),
    }));
  }
  groups.sort((a, b) => b.lost - a.lost || a.label.localeCompare(b.label, lang));

  const drill: repo.Drill = { outcome: q.outcome };
  if (q.userId) drill.userId = q.userId;
  if (q.line) drill.lines = [...lineOf.values()].filter((g) => g.key === q.line).flatMap((g) => g.raws);
  if (drill.lines) drill.lines = [...new Set(drill.lines)];
  const listed = await repo.listJudged(db, user, w, drill, { after: decodeCursor(q.cursor, 'timestamptz'), limit: q.limit + 1 });
  const page = listed.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    from: p.from,
    to: p.to,
    timeZone: p.tz,
    withinMinutes: q.withinMinutes,
    groupBy: q.groupBy,
    totals: countsOf(rows),
    groups,
    calls: {
      items: await describe(db, user, page, now),
      nextCursor: listed.length > q.limit && last ? encodeCursor(last.sort_key, last.id) : null,
    },
  };
}

/** Listed calls as the API shows them: clients, follow-ups and tasks named through the registry for the viewer. */
async function describe(db: Db, user: AuthUser, rows: repo.JudgedRow[], now: Date): Promise<LostCallItem[]> {
  const ids = new Map<string, Set<string>>();
  const want = (kind: string, id: string | null) => {
    if (!id) return;
    ids.set(kind, (ids.get(kind) ?? new Set()).add(id));
  };
  for (const r of rows) {
    want('contact', r.contact_id);
    want('company', r.company_id);
    want('activity', r.task_id);
    if (r.follow_ref_kind) want(r.follow_ref_kind, r.follow_ref_id);
  }
  const names = new Map<string, Map<string, string>>();
  await Promise.all([...ids].map(async ([kind, set]) => names.set(kind, await namesAmong(db, user, kind, [...set]))));
  const nameOf = (kind: string, id: string) => names.get(kind)?.get(id);
  return rows.map((r) => ({
    call: callSchema.parse(toCallDto(r)),
    outcome: outcomeOf(r, now),
    userName: r.user_name,
    contact: optionalLink(r.contact_id, r.contact_id ? nameOf('contact', r.contact_id) : null),
    company: optionalLink(r.company_id, r.company_id ? nameOf('company', r.company_id) : null),
    followUp:
      r.follow_kind && r.follow_ref_kind && r.follow_ref_id && r.follow_at
        ? {
            kind: r.follow_kind as NonNullable<LostCallItem['followUp']>['kind'],
            record: {
              kind: r.follow_ref_kind as NonNullable<LostCallItem['followUp']>['record']['kind'],
              ...linkedRecord(r.follow_ref_id, nameOf(r.follow_ref_kind, r.follow_ref_id)),
            },
            at: new Date(r.follow_at).toISOString(),
          }
        : null,
    callBackTask: r.task_id ? { ...linkedRecord(r.task_id, nameOf('activity', r.task_id)), done: !!r.task_done } : null,
  }));
}

/** The call columns of a judged row in the calls API shape. */
function toCallDto(r: repo.JudgedRow & Record<string, unknown>) {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: r.id,
    direction: r.direction,
    status: r.status,
    from: r.from_number ?? null,
    to: r.to_number ?? null,
    line: r.line ?? null,
    startedAt: iso(r.started_at),
    answeredAt: iso(r.answered_at),
    endedAt: iso(r.ended_at),
    talkSeconds: r.talk_seconds ?? null,
    userId: r.user_id,
    contactId: r.contact_id,
    companyId: r.company_id,
    recordingUrl: null,
  };
}

export type LostCallRate = { incoming: number; pending: number; lost: number; lostRate: string | null };

/**
 * Lost calls per user over [from, to) with a window of `withinMinutes`, for the head's dashboard
 * (composed in app.ts): the same judgement as the report, for the given users only.
 */
export async function lostCallRates(
  db: Db,
  viewer: AuthUser,
  userIds: string[],
  w: { from: Date; to: Date; withinMinutes: number },
  now = new Date(),
): Promise<Map<string, LostCallRate>> {
  const out = new Map<string, LostCallRate>();
  if (!userIds.length) return out;
  const rows = await repo.countRows(db, viewer, { ...w, now }, 'manager', { userIds });
  for (const r of rows) {
    if (!r.key) continue;
    const c = countsOf([r]);
    out.set(r.key, { incoming: c.incoming, pending: c.pending, lost: c.lost, lostRate: c.lostRate });
  }
  return out;
}
