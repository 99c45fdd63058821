import type { KbSearchHit } from '../../../contracts/kb.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { planNameQuery, withBitmapScans } from '../../platform/search/index.js';
import * as repo from './kb.repository.js';
import type { SuggestionGroup } from './kb.repository.js';
import { fragmentOf, highlightsIn, markdownToPlain } from './kb.text.js';

/**
 * Knowledge-base search as the global search understands words: forms and typos through the
 * stems and the knowledge base's own lexicon, title matches first, each hit with its title and
 * the densest fragment of its text marked.
 */
export async function searchArticles(
  db: Db,
  user: AuthUser,
  q: { q: string; category?: string; language?: string; tag?: string; limit: number },
): Promise<{ items: KbSearchHit[] }> {
  const text = q.q.trim();
  if (text.length < 2 || !/[\p{L}\p{N}]/u.test(text)) return { items: [] };
  const plan = await planNameQuery(db, user.workspaceId, text, 'kb_lexicon');
  if (!plan) return { items: [] };
  const rows = await withBitmapScans(db, (trx) =>
    repo.searchArticleRows(trx, user, plan, { category: q.category, language: q.language, tag: q.tag }, q.limit),
  );
  return {
    items: rows.map((r) => {
      const hits = new Set(r.hits);
      return {
        id: r.id,
        title: { text: r.title, highlights: highlightsIn(r.title, hits) },
        fragment: fragmentOf(markdownToPlain(r.body), hits),
        category: r.category,
        tags: r.tags,
        language: r.language,
        status: r.status,
        updatedAt: r.updated_at.toISOString(),
      };
    }),
  };
}

const significant = (text: string) => [...new Set(text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3 && /\p{L}/u.test(w)))];

/** Published articles offered for a client's products and the words of a subject (ticket, call). */
export async function suggestArticles(
  db: Db,
  user: AuthUser,
  input: { productNames: string[]; text?: string; limit: number },
): Promise<{ id: string; title: string; category: string | null; language: 'ru' | 'bg' | 'en'; matched: string[] }[]> {
  const plan = (w: string) => planNameQuery(db, user.workspaceId, w, 'kb_lexicon');
  const groups: SuggestionGroup[] = [];
  // A product by its words: "Принтер лазерный A4" is about any article on printers.
  for (const name of [...new Set(input.productNames)].slice(0, 10)) {
    const plans = (await Promise.all(significant(name).slice(0, 6).map(plan))).filter((p) => p !== null);
    if (plans.length) groups.push({ label: name, plans, need: Math.ceil(plans.length / 2) });
  }
  // Words of a free subject each count on their own; short ones (prepositions, «не») say nothing.
  const words = significant((input.text ?? '').toLowerCase()).filter((w) => w.length >= 4);
  for (const w of words.slice(0, 12)) {
    const p = await plan(w);
    if (p) groups.push({ label: w, plans: [p], need: 1 });
  }
  return withBitmapScans(db, (trx) => repo.suggestionRows(trx, user, groups, input.limit));
}
