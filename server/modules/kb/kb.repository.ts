import { sql, type RawBuilder } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { nameMatchAny, nameMatchUpTo, planKeys, type NamePlan } from '../../platform/search/index.js';
import { kbArticleVisible } from './kb.record.js';
import type { KbArticlesTable } from './kb.table.js';

export type ArticleRow = {
  id: string;
  title: string;
  body: string;
  category: string | null;
  tags: string[];
  language: 'ru' | 'bg' | 'en';
  status: 'draft' | 'published';
  author_id: string | null;
  author_name: string | null;
  updated_by: string | null;
  updated_by_name: string | null;
  version: number;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
};

export type ArticleFilter = { category?: string; language?: string; tag?: string; status?: string };

function articles(db: Db, user: AuthUser) {
  return db
    .selectFrom('kb_articles as a')
    .leftJoin('users as au', 'au.id', 'a.author_id')
    .leftJoin('users as uu', 'uu.id', 'a.updated_by')
    .select([
      'a.id',
      'a.title',
      'a.body',
      'a.category',
      'a.tags',
      'a.language',
      'a.status',
      'a.author_id',
      'au.name as author_name',
      'a.updated_by',
      'uu.name as updated_by_name',
      'a.version',
      'a.published_at',
      'a.created_at',
      'a.updated_at',
      'a.deleted_at',
    ])
    .where('a.workspace_id', '=', user.workspaceId)
    .where(kbArticleVisible(user, 'a'));
}

/** One article the caller may open (deleted ones too: the caller decides), or undefined. */
export async function findArticleRow(db: Db, user: AuthUser, id: string): Promise<ArticleRow | undefined> {
  return articles(db, user).where('a.id', '=', id).executeTakeFirst();
}

/** Articles newest change first; `after` is the (updated_at, id) of the last row of the previous page. */
export async function listArticleRows(
  db: Db,
  user: AuthUser,
  f: ArticleFilter & { deleted?: boolean; after?: [string, string]; limit: number },
): Promise<ArticleRow[]> {
  let q = articles(db, user).where('a.deleted_at', f.deleted ? 'is not' : 'is', null);
  if (f.category) q = q.where('a.category', '=', f.category);
  if (f.language) q = q.where('a.language', '=', f.language as ArticleRow['language']);
  if (f.status) q = q.where('a.status', '=', f.status as ArticleRow['status']);
  if (f.tag) q = q.where(sql<boolean>`a.tags @> array[${f.tag}]::text[]`);
  if (f.after) q = q.where(sql<boolean>`(a.updated_at, a.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  return q
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

type ArticleValues = Pick<KbArticlesTable, 'title' | 'body' | 'category' | 'language' | 'status'> & { tags: string[] };

export async function insertArticle(db: Db, user: AuthUser, v: ArticleValues): Promise<string> {
  const r = await db
    .insertInto('kb_articles')
    .values({
      workspace_id: user.workspaceId,
      ...v,
      author_id: user.id,
      updated_by: user.id,
      published_at: v.status === 'published' ? new Date() : null,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Writes the new content when the stored version is still `version`; false when someone saved since. */
export async function updateArticleAtVersion(
  db: Db,
  user: AuthUser,
  id: string,
  version: number,
  v: Partial<ArticleValues>,
): Promise<boolean> {
  const r = await db
    .updateTable('kb_articles')
    .set({
      ...v,
      // The first publication is dated; later saves keep the date.
      published_at: v.status === 'published' ? sql`coalesce(published_at, now())` : undefined,
      updated_by: user.id,
      updated_at: sql`now()`,
      version: sql`version + 1`,
    })
    .where('workspace_id', '=', user.workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Keeps the article as it is now (its version number) before a save replaces it. */
export async function keepVersion(db: Db, user: AuthUser, row: ArticleRow): Promise<void> {
  await db
    .insertInto('kb_article_versions')
    .values({
      workspace_id: user.workspaceId,
      article_id: row.id,
      version: row.version,
      title: row.title,
      body: row.body,
      category: row.category,
      tags: row.tags,
      language: row.language,
      status: row.status,
      saved_by: row.updated_by,
      saved_at: row.updated_at,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

const versionColumns = [
  'v.version',
  'v.title',
  'v.category',
  'v.tags',
  'v.language',
  'v.status',
  'v.saved_by',
  'u.name as saved_by_name',
  'v.saved_at',
] as const;

function versions(db: Db, user: AuthUser, articleId: string) {
  return db
    .selectFrom('kb_article_versions as v')
    .leftJoin('users as u', 'u.id', 'v.saved_by')
    .where('v.workspace_id', '=', user.workspaceId)
    .where('v.article_id', '=', articleId);
}

export async function listVersionRows(db: Db, user: AuthUser, articleId: string) {
  return versions(db, user, articleId).select(versionColumns).orderBy('v.version', 'desc').execute();
}

export async function findVersionRow(db: Db, user: AuthUser, articleId: string, version: number) {
  return versions(db, user, articleId)
    .select([...versionColumns, 'v.body'])
    .where('v.version', '=', version)
    .executeTakeFirst();
}

export async function setArticleDeletedAt(db: Db, user: AuthUser, id: string, at: Date | null): Promise<void> {
  await db
    .updateTable('kb_articles')
    .set({ deleted_at: at, updated_at: sql`now()`, version: sql`version + 1` })
    .where('workspace_id', '=', user.workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Categories in use among the articles the caller may open, most used first. */
export async function categoryRows(db: Db, user: AuthUser): Promise<{ name: string; count: number }[]> {
  const r = await sql<{ name: string; count: number }>`
    select a.category as name, count(*)::int as count from kb_articles a
    where a.workspace_id = ${user.workspaceId} and a.deleted_at is null and a.category is not null and ${kbArticleVisible(user, 'a')}
    group by a.category order by count(*) desc, a.category limit 200`.execute(db);
  return r.rows;
}

export type SearchRow = Pick<ArticleRow, 'id' | 'title' | 'body' | 'category' | 'tags' | 'language' | 'status' | 'updated_at'> & {
  rank: number;
  hits: string[];
};

function filters(f: ArticleFilter): RawBuilder<boolean> {
  const out: RawBuilder<boolean>[] = [sql<boolean>`a.deleted_at is null`];
  if (f.category) out.push(sql<boolean>`a.category = ${f.category}`);
  if (f.language) out.push(sql<boolean>`a.language = ${f.language}`);
  if (f.tag) out.push(sql<boolean>`a.tags @> array[${f.tag}]::text[]`);
  if (f.status) out.push(sql<boolean>`a.status = ${f.status}`);
  return sql<boolean>`(${sql.join(out, sql` and `)})`;
}

/**
 * One indexed query: articles whose words match every query word at some level (the GIN index on
 * search_words), ranked title-exact, title-any, body-exact, body-any; for the page only, the
 * folded words of title and body that matched, for the highlights. A Russian stem is a prefix of
 * its word, so only words starting with one are stemmed again.
 */
export async function searchArticleRows(db: Db, user: AuthUser, plan: NamePlan, f: ArticleFilter, limit: number): Promise<SearchRow[]> {
  const keys = planKeys(plan);
  const raw = keys.filter((k) => !k.startsWith('~'));
  const stems = [...new Set(keys.filter((k) => k.startsWith('~')).map((k) => k.slice(1)))];
  const titleWords = sql`a.title_words`;
  const words = sql`a.search_words`;
  const r = await sql<SearchRow>`
    with page as (
      select a.id, a.title, a.body, a.category, a.tags, a.language, a.status, a.updated_at,
        case when ${nameMatchUpTo(plan, 1, titleWords)} then 0 when ${nameMatchAny(plan, titleWords)} then 1
          when ${nameMatchUpTo(plan, 1, words)} then 2 else 3 end as rank
      from kb_articles a
      where a.workspace_id = ${user.workspaceId} and ${nameMatchAny(plan, words)} and ${filters(f)}
        and ${kbArticleVisible(user, 'a')}
      order by rank, a.updated_at desc, a.id
      limit ${limit}
    )
    select p.*, array(
      select w from unnest(tsvector_to_array(to_tsvector('simple', orbita_fold(p.title || ' ' || p.body)))) w
      where w = any(${raw}::text[]) or (exists (select 1 from unnest(${stems}::text[]) s where starts_with(w, s))
        and orbita_keys_of_folded(w) && ${keys}::text[])
    ) as hits
    from page p
    order by p.rank, p.updated_at desc, p.id`.execute(db);
  return r.rows;
}

/** What an article is offered for: a product (half its words must match) or one word of a subject. */
export type SuggestionGroup = { label: string; plans: NamePlan[]; need: number };

/**
 * Published articles matching any of the groups (each word exact or a form: no typos, an offer
 * must be sure), scored by the groups matched (in the title twice); with the groups each matched.
 */
export async function suggestionRows(
  db: Db,
  user: AuthUser,
  groups: SuggestionGroup[],
  limit: number,
): Promise<{ id: string; title: string; category: string | null; language: 'ru' | 'bg' | 'en'; matched: string[] }[]> {
  if (!groups.length) return [];
  const count = (g: SuggestionGroup, column: RawBuilder<unknown>) =>
    sql<number>`(${sql.join(
      g.plans.map((p) => sql`(${nameMatchUpTo(p, 1, column)})::int`),
      sql` + `,
    )})`;
  const hit = (g: SuggestionGroup, column: RawBuilder<unknown>) => sql<boolean>`${count(g, column)} >= ${g.need}`;
  const words = sql`a.search_words`;
  const title = sql`a.title_words`;
  const any = sql.join(
    groups.map(
      (g) =>
        sql`${sql.join(
          g.plans.map((p) => nameMatchUpTo(p, 1, words)),
          sql` or `,
        )}`,
    ),
    sql` or `,
  );
  const score = sql.join(
    groups.map((g) => sql`(case when ${hit(g, title)} then 2 when ${hit(g, words)} then 1 else 0 end)`),
    sql` + `,
  );
  const matched = sql.join(
    groups.map((g) => sql`case when ${hit(g, words)} then ${g.label}::text end`),
    sql`, `,
  );
  const r = await sql<{ id: string; title: string; category: string | null; language: 'ru' | 'bg' | 'en'; matched: string[] }>`
    select id, title, category, language, matched from (
      select a.id, a.title, a.category, a.language, a.updated_at, array_remove(array[${matched}], null) as matched, ${score} as score
      from kb_articles a
      where a.workspace_id = ${user.workspaceId} and a.deleted_at is null and a.status = 'published' and (${any})
    ) x
    where score > 0
    order by score desc, updated_at desc, id
    limit ${limit}`.execute(db);
  return r.rows;
}
