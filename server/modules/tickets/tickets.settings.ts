// The SLA settings of a workspace: its working calendar and its rules, each falling back to the
// defaults (Monday to Friday 09:00-18:00, no holidays; DEFAULT_RULES) until the workspace sets its own.
import type { z } from 'zod';
import {
  slaPriorities,
  type SlaRule,
  type slaRulesBody,
  type WorkingHours,
  type WorkingInterval,
  type workingHoursBody,
} from '../../../contracts/tickets.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { getWorkspaceSettings } from '../../platform/settings.js';
import { safeTimeZone } from '../../platform/time.js';
import { TicketFieldCodes } from './tickets.errors.js';
import * as repo from './tickets.repository.js';
import { DEFAULT_RULES, DEFAULT_WEEK, hasWorkingTime, type WorkCalendar } from './tickets.sla.js';

/** The workspace's working calendar in its zone. */
export async function workCalendar(db: Db, workspaceId: string): Promise<WorkCalendar> {
  const [row, ws] = await Promise.all([repo.findCalendar(db, workspaceId), getWorkspaceSettings(db, workspaceId)]);
  const week = (row?.week as WorkingInterval[][] | undefined) ?? DEFAULT_WEEK;
  return { timeZone: safeTimeZone(ws.timeZone), week, holidays: new Set(row?.holidays ?? []) };
}

export async function getWorkingHours(db: Db, user: AuthUser): Promise<WorkingHours> {
  const cal = await workCalendar(db, user.workspaceId);
  return { timeZone: cal.timeZone, week: cal.week, holidays: [...cal.holidays].sort() };
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Admin: the working week and holidays; every interval after its start, none overlapping. */
export async function setWorkingHours(db: Db, user: AuthUser, input: z.infer<typeof workingHoursBody>): Promise<WorkingHours> {
  const issues: FieldIssue[] = [];
  const week = input.week.map((day, d) => {
    const sorted = [...day].sort((a, b) => minutes(a.from) - minutes(b.from));
    sorted.forEach((i, k) => {
      if (minutes(i.to) <= minutes(i.from)) issues.push({ path: `week.${d}.${day.indexOf(i)}.to`, code: TicketFieldCodes.intervalOrder });
      else if (k > 0 && minutes(i.from) < minutes(sorted[k - 1].to))
        issues.push({ path: `week.${d}.${day.indexOf(i)}.from`, code: TicketFieldCodes.intervalsOverlap });
    });
    return sorted;
  });
  if (!issues.length && !hasWorkingTime(week)) issues.push({ path: 'week', code: TicketFieldCodes.noWorkingTime });
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  const before = await getWorkingHours(db, user);
  const holidays = [...new Set(input.holidays)].sort();
  await db.transaction().execute(async (trx) => {
    await repo.saveCalendar(trx, user.workspaceId, week, holidays);
    await recordAudit(trx, user, {
      entity: 'workspace',
      entityId: user.workspaceId,
      action: 'update',
      before: { workingHours: before },
      after: { workingHours: { week, holidays } },
    });
  });
  return getWorkingHours(db, user);
}

/** Every priority and segment with the rule that applies: the workspace's, else the default. */
export async function effectiveRules(db: Db, workspaceId: string): Promise<SlaRule[]> {
  const own = await repo.listRules(db, workspaceId);
  return DEFAULT_RULES.map((d) => own.find((r) => r.priority === d.priority && r.segment === d.segment) ?? d).sort(
    (a, b) => slaPriorities.indexOf(a.priority) - slaPriorities.indexOf(b.priority),
  );
}

/** Admin: sets the rules of the given priority and segment pairs; the others keep theirs. */
export async function setRules(db: Db, user: AuthUser, input: z.infer<typeof slaRulesBody>): Promise<SlaRule[]> {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  input.items.forEach((r, i) => {
    const key = `${r.priority}:${r.segment}`;
    if (seen.has(key)) issues.push({ path: `items.${i}.segment`, code: TicketFieldCodes.ruleTwice });
    seen.add(key);
    if (r.responseMinutes > r.resolutionMinutes)
      issues.push({ path: `items.${i}.responseMinutes`, code: TicketFieldCodes.responseAfterResolution });
  });
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  const before = await effectiveRules(db, user.workspaceId);
  await db.transaction().execute(async (trx) => {
    await repo.upsertRules(trx, user.workspaceId, input.items);
    await recordAudit(trx, user, {
      entity: 'workspace',
      entityId: user.workspaceId,
      action: 'update',
      before: { slaRules: before },
      after: { slaRules: input.items },
    });
  });
  return effectiveRules(db, user.workspaceId);
}
