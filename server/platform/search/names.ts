import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';

/**
 * One word of a name query with the stored keys it may match, from strictest to loosest:
 * the word itself; its morphological forms (stems, Bulgarian article dropped); longer words of the
 * workspace starting with it (typing "Ива" finds "Иванов"); words within a few typos ("Ивнов").
 */
export type NameTerm = { word: string; exact: string[]; morph: string[]; prefix: string[]; fuzzy: string[] };
export type NamePlan = { terms: NameTerm[] };

/** Match levels, strictest first; a result's rank within name matches. */
export const NAME_LEVELS = ['exact', 'morph', 'prefix', 'fuzzy'] as const;

const MAX_TERMS = 6;

/** Lexicons of words to complete and correct against: names of clients, words of the knowledge base. */
export type Lexicon = 'search_lexicon' | 'kb_lexicon';

/**
 * Splits and folds the query in the database (the same functions that built `search_words`) and
 * looks its words up in the workspace lexicon: one round trip, index lookups only.
 */
export async function planNameQuery(db: Db, workspaceId: string, q: string, lexicon: Lexicon = 'search_lexicon'): Promise<NamePlan | null> {
  const lex = sql.raw(lexicon);
  const r = await sql<{ word: string; keys: string[]; prefix: string[]; fuzzy: string[] }>`
    select t.w as word,
      orbita_name_keys(t.w || coalesce(' ' || case when length(t.w) >= 6 and t.w ~ '(ът|ят|та|то|те)$' then left(t.w, -2) end, '')) as keys,
      case when length(t.l) >= 2 then array(
        select p.word from (
          select l.word, l.latin from ${lex} l
          where l.workspace_id = ${workspaceId} and l.latin >= t.l and l.latin < t.l || '~' and l.word <> t.w
          order by l.latin limit 500) p
        order by length(p.latin), p.latin limit 8) else '{}'::text[] end as prefix,
      case when length(t.l) >= 4 then array(
        select l.word from ${lex} l
        where l.workspace_id = ${workspaceId} and l.latin % t.l and l.word <> t.w
        order by similarity(l.latin, t.l) desc, l.latin limit 5) else '{}'::text[] end as fuzzy
    from (
      select w, ord, orbita_translit(w) as l
      from regexp_split_to_table(orbita_fold(${q}), '\\s+') with ordinality as x(w, ord)
      where w <> ''
    ) t
    order by t.ord
    limit ${MAX_TERMS}
  `.execute(db);
  if (r.rows.length === 0) return null;
  const terms = r.rows.map((row) => {
    const keys = row.keys ?? [];
    const morph = new Set<string>(keys);
    for (const k of keys) morph.add(k.startsWith('~') ? k.slice(1) : `~${k}`);
    return { word: row.word, exact: [row.word], morph: [...morph], prefix: row.prefix, fuzzy: row.fuzzy };
  });
  return { terms };
}

function keysAt(term: NameTerm, level: number): string[] {
  const out = [...term.exact];
  if (level >= 1) out.push(...term.morph);
  if (level >= 2) out.push(...term.prefix);
  if (level >= 3) out.push(...term.fuzzy);
  return [...new Set(out)];
}

function allMatch(plan: NamePlan, level: number, column: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(
    plan.terms.map((t) => sql`${column} && ${keysAt(t, level)}::text[]`),
    sql` and `,
  )})`;
}

/**
 * The name match of each level as SQL over a `search_words` column, each level excluding what a
 * stricter one already matched; levels that add no new word are left out.
 */
export function nameLevelConditions(plan: NamePlan, column: RawBuilder<unknown>): { level: number; condition: RawBuilder<boolean> }[] {
  if (plan.terms.length === 1) return singleWordConditions(plan.terms[0], column);
  const out: { level: number; condition: RawBuilder<boolean> }[] = [];
  let previous: string | null = null;
  for (let level = 0; level < NAME_LEVELS.length; level++) {
    const sets = plan.terms.map((t) => keysAt(t, level));
    const signature = JSON.stringify(sets);
    if (signature === previous) continue;
    const condition =
      level === 0 || previous === null
        ? allMatch(plan, level, column)
        : sql<boolean>`${allMatch(plan, level, column)} and not ${allMatch(plan, out[out.length - 1].level, column)}`;
    out.push({ level, condition });
    previous = signature;
  }
  return out;
}

/**
 * One word: the exact and morphological keys, then each prefix word and each typo candidate on its
 * own, best first. Run in order with a LIMIT, the first words usually fill the page, so the posting
 * lists of the long tail ("Ива" -> Иванович, Ивановна, ...) are never read.
 */
function singleWordConditions(term: NameTerm, column: RawBuilder<unknown>): { level: number; condition: RawBuilder<boolean> }[] {
  const out: { level: number; condition: RawBuilder<boolean> }[] = [];
  const seen: string[] = [];
  const add = (level: number, keys: string[]) => {
    const fresh = [...new Set(keys)].filter((k) => !seen.includes(k));
    if (!fresh.length) return;
    const condition = seen.length
      ? sql<boolean>`${column} && ${fresh}::text[] and not (${column} && ${[...seen]}::text[])`
      : sql<boolean>`${column} && ${fresh}::text[]`;
    out.push({ level, condition });
    seen.push(...fresh);
  };
  add(0, term.exact);
  add(1, term.morph);
  for (const w of term.prefix) add(2, [w]);
  for (const w of term.fuzzy) add(3, [w]);
  return out;
}

/** Every word matches at `level` or a stricter one (0 exact ... 3 typos) over a `search_words` column. */
export function nameMatchUpTo(plan: NamePlan, level: number, column: RawBuilder<unknown>): RawBuilder<boolean> {
  return allMatch(plan, level, column);
}

/** Every key the plan's words may match at any level: raw words and '~'-marked stems. */
export function planKeys(plan: NamePlan): string[] {
  return [...new Set(plan.terms.flatMap((t) => keysAt(t, NAME_LEVELS.length - 1)))];
}

/** Any level of the name match: the `q` filter of lists. */
export function nameMatchAny(plan: NamePlan, column: RawBuilder<unknown>): RawBuilder<boolean> {
  return allMatch(plan, NAME_LEVELS.length - 1, column);
}
