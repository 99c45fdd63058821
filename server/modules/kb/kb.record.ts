import { sql, type RawBuilder } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { RecordKind } from '../../platform/registry.js';

/**
 * Who may open an article, in the query: a published one everyone of the workspace, a draft only
 * the roles the workspace lets edit (read from the workspace row, so a changed setting applies at once).
 */
export function kbArticleVisible(user: AuthUser, alias: string): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  return sql<boolean>`(${col('status')} = 'published' or exists (select 1 from workspaces kb_w
    where kb_w.id = ${col('workspace_id')} and ${user.role} = any(kb_w.kb_editor_roles)))`;
}

/** Knowledge-base articles as the registry knows them. */
export const kbArticleRecord: RecordKind = {
  kind: 'kb_article',
  table: 'kb_articles',
  name: (alias) => sql<string>`${sql.ref(`${alias}.title`)}`,
  owned: false,
  visible: kbArticleVisible,
  webPath: (id) => `/kb/${id}`,
};
