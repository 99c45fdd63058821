import {
  defaultColumns,
  listColumns,
  VIEWS_MAX,
  viewFilterSchemas,
  viewSorts,
  type CreateViewBody,
  type SavedView,
  type UpdateViewBody,
  type ViewList,
} from '../../../contracts/views.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { fromZodIssue, PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { ViewErrors } from './views.errors.js';
import * as repo from './views.repository.js';

/** Roles that may share a view with their team. */
const SHARERS = new Set<AuthUser['role']>(['head_of_sales', 'admin']);

function toView(user: AuthUser, r: repo.ViewRow): SavedView {
  return {
    id: r.id,
    list: r.list as ViewList,
    name: r.name,
    filters: r.filters,
    sort: r.sort,
    columns: r.columns ?? [],
    shared: r.team_id !== null,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    mine: r.owner_id === user.id,
    canEdit: r.owner_id === user.id || user.role === 'admin',
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The list's columns: each one it declares, none twice. */
export function columnIssues(list: ViewList, columns: string[], path = 'columns'): FieldIssue[] {
  const known: readonly string[] = listColumns[list];
  const issues: FieldIssue[] = [];
  columns.forEach((c, i) => {
    if (!known.includes(c)) issues.push({ path: `${path}.${i}`, code: 'views.rules.unknownColumn', params: { values: known.join(', ') } });
    else if (columns.indexOf(c) !== i) issues.push({ path: `${path}.${i}`, code: 'views.rules.duplicateColumn' });
  });
  return issues;
}

/** What of a view's filters, sort and columns the list does not take, each naming its field. */
export function viewIssues(
  list: ViewList,
  v: { filters?: Record<string, string>; sort?: string | null; columns?: string[] },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (v.filters) {
    const parsed = viewFilterSchemas[list].safeParse(v.filters);
    if (!parsed.success) for (const issue of parsed.error.issues) issues.push(...fromZodIssue(issue, ['filters']));
  }
  if (v.sort && !viewSorts[list].includes(v.sort))
    issues.push({ path: 'sort', code: 'views.rules.unknownSort', params: { values: viewSorts[list].join(', ') } });
  if (v.columns) issues.push(...columnIssues(list, v.columns));
  return issues;
}

function check(issues: FieldIssue[]) {
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
}

/** The team a view goes to when the caller shares it; only heads of sales and admins share. */
async function shareTeam(db: Db, user: AuthUser): Promise<string> {
  if (!SHARERS.has(user.role)) throw ViewErrors.VIEW_SHARE_FORBIDDEN({ fields: [{ path: 'shared', code: 'invalid' }] });
  const team = await repo.shareTeamOf(db, user);
  if (!team) throw PlatformErrors.VALIDATION({ fields: [{ path: 'shared', code: 'views.rules.noTeam' }] });
  return team;
}

/** The caller's views of a list (or of every list) and those shared with their team. */
export async function listViews(db: Db, user: AuthUser, list?: ViewList): Promise<{ items: SavedView[] }> {
  return { items: (await repo.listViewRows(db, user, list)).map((r) => toView(user, r)) };
}

export async function getView(db: Db, user: AuthUser, id: string): Promise<SavedView> {
  const row = await repo.findViewRow(db, user, id, user.role === 'admin');
  if (!row) throw ViewErrors.VIEW_NOT_FOUND();
  return toView(user, row);
}

/** Saves the caller's view of a list; `list` from the body or the address (they must agree). */
export async function createView(db: Db, user: AuthUser, input: CreateViewBody, queryList?: ViewList): Promise<SavedView> {
  if (input.list && queryList && input.list !== queryList)
    throw PlatformErrors.VALIDATION({ fields: [{ path: 'list', code: 'views.rules.listMismatch' }] });
  const list = input.list ?? queryList;
  if (!list) throw PlatformErrors.VALIDATION({ fields: [{ path: 'list', code: 'required' }] });
  check(viewIssues(list, input));
  const teamId = input.shared ? await shareTeam(db, user) : null;
  return db.transaction().execute(async (trx) => {
    if ((await repo.countOwnViews(trx, user, list)) >= VIEWS_MAX)
      throw PlatformErrors.VALIDATION({ fields: [{ path: 'name', code: 'views.rules.tooMany', params: { max: VIEWS_MAX } }] });
    const id = await repo.insertView(trx, user, list, {
      name: input.name,
      filters: input.filters,
      sort: input.sort || null,
      columns: input.columns,
      team_id: teamId,
    });
    return getView(trx, user, id);
  });
}

/** A view the caller may change: 404 when they do not see it, 403 when it is someone else's. */
async function editable(db: Db, user: AuthUser, id: string): Promise<SavedView> {
  const view = await getView(db, user, id);
  if (!view.canEdit) throw ViewErrors.VIEW_READ_ONLY();
  return view;
}

export async function updateView(db: Db, user: AuthUser, id: string, input: UpdateViewBody): Promise<SavedView> {
  const view = await editable(db, user, id);
  check(viewIssues(view.list, input));
  // Sharing again keeps the team it went to; sharing anew sends it to the caller's team.
  const teamId = input.shared === undefined || input.shared === view.shared ? undefined : input.shared ? await shareTeam(db, user) : null;
  await repo.updateView(db, user, id, {
    name: input.name,
    filters: input.filters,
    sort: input.sort === undefined ? undefined : input.sort || null,
    columns: input.columns,
    team_id: teamId,
  });
  return getView(db, user, id);
}

export async function deleteView(db: Db, user: AuthUser, id: string): Promise<void> {
  await editable(db, user, id);
  await repo.deleteView(db, user, id);
}

/** The caller's columns of a list shown without a view (the list's defaults until they choose). */
export async function getPreferences(db: Db, user: AuthUser, list: ViewList): Promise<{ columns: string[] }> {
  return { columns: (await repo.findPreference(db, user, list)) ?? [...defaultColumns[list]] };
}

export async function setPreferences(db: Db, user: AuthUser, list: ViewList, columns: string[]): Promise<{ columns: string[] }> {
  check(columnIssues(list, columns));
  await repo.upsertPreference(db, user, list, columns);
  return { columns };
}
