import { sql, type RawBuilder } from 'kysely';
import { seesAll, teamUserIds, type AuthUser } from '../../platform/auth.js';
import { findRecordKind, visibilityOf, type RecordKind } from '../../platform/registry.js';

/** The kinds of client a call is linked to by its number. */
export const CALL_LINK_KINDS = ['contact', 'company'] as const;

/**
 * Access to a call over `alias`, in the query: roles that see every record (operators among them)
 * see every call; otherwise the call's own manager (a head of sales: their teams' calls) and anyone
 * who may open one of the clients it is linked to, each kind through its own registry visibility.
 */
export function callVisible(user: AuthUser, alias: string): RawBuilder<boolean> {
  if (seesAll(user)) return sql<boolean>`true`;
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const own = user.role === 'head_of_sales' ? sql`${col('user_id')} in ${teamUserIds(user)}` : sql`${col('user_id')} = ${user.id}`;
  const linked = CALL_LINK_KINDS.map(
    // Aliases of their own: the caller's alias for the call may be any short name (the registry uses `r`).
    (kind) => sql`exists (select 1 from call_links call_l join ${sql.table(findRecordKind(kind)!.table)} call_r
      on call_r.id = call_l.entity_id and call_r.workspace_id = call_l.workspace_id
      where call_l.call_id = ${col('id')} and call_l.entity = ${kind} and ${visibilityOf(user, kind, 'call_r')})`,
  );
  return sql<boolean>`(${own} or ${sql.join(linked, sql` or `)})`;
}

/** Call records as the registry knows them; a call is named by its numbers. */
export const callRecord: RecordKind = {
  kind: 'call',
  table: 'calls',
  name: (alias) =>
    sql<string>`concat_ws(' → ', coalesce(${sql.ref(`${alias}.from_number`)}, '?'), coalesce(${sql.ref(`${alias}.to_number`)}, '?'))`,
  owned: false,
  visible: callVisible,
  webPath: (id) => `/calls/${id}`,
};
