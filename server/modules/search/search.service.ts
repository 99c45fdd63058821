import type { SearchItem } from '../../../contracts/search.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { buildSearchRequest, type SearchHit, type SearchProvider } from '../../platform/search/index.js';

/** Global search (C5): every provider's hits, best rank first, then by title. */
export async function runSearch(db: Db, user: AuthUser, q: string, limit: number, providers: SearchProvider[]): Promise<SearchItem[]> {
  const req = await buildSearchRequest(db, user, q, limit);
  if (!req) return [];
  const lists = await Promise.all(providers.map((p) => p(db, req)));
  const best = new Map<string, SearchHit>();
  for (const hit of lists.flat()) {
    const key = `${hit.type}:${hit.id}`;
    const seen = best.get(key);
    if (!seen || hit.rank < seen.rank) best.set(key, hit);
  }
  return [...best.values()]
    .sort((a, b) => a.rank - b.rank || a.title.localeCompare(b.title, 'ru'))
    .slice(0, limit)
    .map(({ rank: _rank, ...item }) => item);
}
