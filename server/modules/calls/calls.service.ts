import type { z } from 'zod';
import type { CallDto, createLineBody, LineDto, ListCallsQuery, ListedCall, updateLineBody } from '../../../contracts/calls.js';
import { optionalLink } from '../../../contracts/records.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { namesAmong } from '../../platform/registry.js';
import { getWorkspaceSettings, setTelephonySettings } from '../../platform/settings.js';
import { workspaceRegion } from '../../platform/search/index.js';
import { CallErrors, CallFieldCodes } from './calls.errors.js';
import { numberKey } from './calls.plan.js';
import * as repo from './calls.repository.js';
import { toCall, toLine } from './calls.view.js';

/** The calls the caller may see, newest first, filtered and keyset-paged; clients named for the viewer. */
export async function listCalls(db: Db, user: AuthUser, q: ListCallsQuery): Promise<{ items: ListedCall[]; nextCursor: string | null }> {
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  if (from && to && from >= to) throw PlatformErrors.VALIDATION({ fields: [{ path: 'to', code: CallFieldCodes.rangeOrder }] });
  const rows = await repo.listCallRows(db, user, {
    from,
    to,
    direction: q.direction,
    status: q.status,
    userId: q.userId,
    contactId: q.contactId,
    companyId: q.companyId,
    after: decodeCursor(q.cursor, 'timestamptz'),
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const ids = (col: 'contact_id' | 'company_id') => [...new Set(page.flatMap((r) => (r[col] ? [r[col]] : [])))];
  const [contacts, companies] = await Promise.all([
    namesAmong(db, user, 'contact', ids('contact_id')),
    namesAmong(db, user, 'company', ids('company_id')),
  ]);
  const items = page.map((r) => ({
    ...toCall(r),
    contact: optionalLink(r.contact_id, r.contact_id ? contacts.get(r.contact_id) : null),
    company: optionalLink(r.company_id, r.company_id ? companies.get(r.company_id) : null),
  }));
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.sort_key, last.id) : null };
}

/** One call the caller may see; 404 otherwise, as for one that does not exist. */
export async function getCall(db: Db, user: AuthUser, id: string): Promise<CallDto> {
  const row = await repo.findVisibleCall(db, user, id);
  if (!row) throw CallErrors.CALL_NOT_FOUND();
  return toCall(row);
}

// ---------------------------------------------------------------- lines

export async function listLines(db: Db, user: AuthUser): Promise<LineDto[]> {
  return (await repo.listLineRows(db, user.workspaceId)).map(toLine);
}

export async function getLine(db: Db, user: AuthUser, id: string): Promise<LineDto> {
  const row = await repo.findLineRow(db, user.workspaceId, id);
  if (!row) throw CallErrors.TELEPHONY_LINE_NOT_FOUND();
  return toLine(row);
}

/** The number's key, checked: a number of digits, not another line's of the workspace. */
async function checkLine(
  db: Db,
  user: AuthUser,
  input: { number?: string; defaultUserId?: string | null },
  exceptId: string | null,
): Promise<string | undefined> {
  const issues: FieldIssue[] = [];
  let key: string | undefined;
  if (input.number !== undefined) {
    key = numberKey(input.number, await workspaceRegion(db, user.workspaceId));
    if (!key) issues.push({ path: 'number', code: CallFieldCodes.lineNumber });
  }
  if (input.defaultUserId && !(await repo.isActiveUser(db, user.workspaceId, input.defaultUserId)))
    issues.push({ path: 'defaultUserId', code: CallFieldCodes.defaultUser });
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  if (key) {
    const other = await repo.findLineByKey(db, user.workspaceId, key);
    if (other && other.id !== exceptId)
      throw CallErrors.TELEPHONY_LINE_TAKEN({ fields: [{ path: 'number', code: 'errors.TELEPHONY_LINE_TAKEN' }] });
  }
  return key;
}

export async function createLine(db: Db, user: AuthUser, input: z.infer<typeof createLineBody>): Promise<LineDto> {
  const key = (await checkLine(db, user, input, null))!;
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertLine(trx, {
      workspace_id: user.workspaceId,
      number: input.number,
      number_key: key,
      name: input.name,
      default_user_id: input.defaultUserId ?? null,
    });
    const line = toLine(row);
    await recordAudit(trx, user, { entity: 'telephony_line', entityId: row.id, action: 'create', after: line });
    return line;
  });
}

export async function updateLine(db: Db, user: AuthUser, id: string, input: z.infer<typeof updateLineBody>): Promise<LineDto> {
  const before = await getLine(db, user, id);
  const key = await checkLine(db, user, input, id);
  return db.transaction().execute(async (trx) => {
    const row = await repo.updateLine(trx, user.workspaceId, id, {
      number: input.number,
      number_key: key,
      name: input.name,
      default_user_id: input.defaultUserId,
    });
    const line = toLine(row);
    await recordAudit(trx, user, { entity: 'telephony_line', entityId: id, action: 'update', before, after: line });
    return line;
  });
}

export async function deleteLine(db: Db, user: AuthUser, id: string): Promise<void> {
  const before = await getLine(db, user, id);
  await db.transaction().execute(async (trx) => {
    await repo.deleteLine(trx, user.workspaceId, id);
    await recordAudit(trx, user, { entity: 'telephony_line', entityId: id, action: 'delete', before });
  });
}

// ---------------------------------------------------------------- settings

/** The workspace's telephony switches. */
export async function getTelephonySettings(db: Db, user: AuthUser): Promise<{ callBackTasks: boolean }> {
  return { callBackTasks: (await getWorkspaceSettings(db, user.workspaceId)).callBackTasks };
}

/** Admin: turns the telephony switches on or off; audited. */
export async function updateTelephonySettings(db: Db, user: AuthUser, input: { callBackTasks?: boolean }) {
  const before = await getTelephonySettings(db, user);
  const after = { ...before, ...input };
  await db.transaction().execute(async (trx) => {
    await setTelephonySettings(trx, user.workspaceId, after);
    await recordAudit(trx, user, { entity: 'workspace', entityId: user.workspaceId, action: 'update', before, after });
  });
  return after;
}
