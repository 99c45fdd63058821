import { sql, type RawBuilder } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import { findRecordKind, recordKinds, visibilityOf, type RecordKind } from '../../platform/registry.js';

/** Kinds a document may be attached to: every registered kind but documents themselves. */
export const linkableKinds = () => recordKinds().filter((k) => k !== 'document');

/**
 * Access to a document over `alias`: the caller may open at least one record it is linked to,
 * each kind's own visibility applied to its own table, all inside the one query.
 */
export function documentVisible(user: AuthUser, alias: string): RawBuilder<boolean> {
  const arms = linkableKinds().map((kind) => {
    const def = findRecordKind(kind)!;
    return sql`(l.entity = ${kind} and exists (select 1 from ${sql.table(def.table)} r
      where r.id = l.entity_id and r.workspace_id = l.workspace_id and ${visibilityOf(user, kind, 'r')}))`;
  });
  if (!arms.length) return sql<boolean>`false`;
  return sql<boolean>`exists (select 1 from document_links l where l.document_id = ${sql.ref(`${alias}.id`)}
    and (${sql.join(arms, sql` or `)}))`;
}

/** Document records as the registry knows them; their name is the current version's file name. */
export const documentRecord: RecordKind = {
  kind: 'document',
  table: 'documents',
  name: (alias) =>
    sql<string>`(select v.name from document_versions v where v.document_id = ${sql.ref(`${alias}.id`)} and v.version = ${sql.ref(`${alias}.current_version`)})`,
  owned: false,
  visible: documentVisible,
  webPath: () => '/',
};
