import { sql, type RawBuilder } from 'kysely';
import { seesAll, teamUserIds, type AuthUser } from '../../platform/auth.js';
import { findRecordKind, visibilityOf, type RecordKind } from '../../platform/registry.js';

/**
 * Access to a ticket over `alias`, in the query: roles that see every record (operators among
 * them) see every ticket; otherwise its assignee (a head of sales: their teams' tickets) and anyone
 * who may open its company or its contact, each through that kind's own registry visibility.
 */
export function ticketVisible(user: AuthUser, alias: string): RawBuilder<boolean> {
  if (seesAll(user)) return sql<boolean>`true`;
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const own = user.role === 'head_of_sales' ? sql`${col('assignee_id')} in ${teamUserIds(user)}` : sql`${col('assignee_id')} = ${user.id}`;
  const linked = (['company', 'contact'] as const).map(
    (kind) => sql`exists (select 1 from ${sql.table(findRecordKind(kind)!.table)} tk_r
      where tk_r.id = ${col(`${kind}_id`)} and tk_r.workspace_id = ${col('workspace_id')} and ${visibilityOf(user, kind, 'tk_r')})`,
  );
  return sql<boolean>`(${own} or ${sql.join(linked, sql` or `)})`;
}

/** Ticket records as the registry knows them; a ticket is named by its subject. */
export const ticketRecord: RecordKind = {
  kind: 'ticket',
  table: 'tickets',
  name: (alias) => sql<string>`${sql.ref(`${alias}.subject`)}`,
  owned: false,
  visible: ticketVisible,
  webPath: (id) => `/tickets/${id}`,
  links: [
    { idKey: 'companyId', kind: 'company', nameKeys: [], linkKey: 'company' },
    { idKey: 'contactId', kind: 'contact', nameKeys: [], linkKey: 'contact' },
  ],
};
