import { sql, type RawBuilder } from 'kysely';
import { visibleTo } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { visibleNameOf } from '../../platform/registry.js';
import {
  nameLevelConditions,
  RANK,
  scopeBranches,
  withBitmapScans,
  type SearchHit,
  type SearchRequest,
} from '../../platform/search/index.js';

// Deals in the global search: by the words of their title (the same keys, morphology, completion
// and typos as clients' names), and by their client's name a step below, so «Сервисный контракт»
// finds the deal and «Ромашка» finds the client first, then its deals.

type Row = { id: string; title: string; company_name: string | null; stage_name: string; rank: number };

/** The name levels as ranks, over one column; the client's name a half step after the title's. */
function nameKinds(req: SearchRequest, column: RawBuilder<unknown>, offset: number) {
  return req.name ? nameLevelConditions(req.name, column).map((l) => ({ rank: RANK.name + l.level + offset, where: l.condition })) : [];
}

/** Search provider: deals the caller may see whose title (or client's name) matches, best rank first. */
export async function searchDeals(db: Db, req: SearchRequest): Promise<SearchHit[]> {
  if (!req.name) return [];
  const ws = req.user.workspaceId;
  const branches = scopeBranches(req.scope, req.user, 'deal', 'd');
  const visible = visibleTo(req.user, 'deal', 'd');
  const select = (rank: number) => sql`select d.id, d.title, d.company_id, d.stage_id, ${rank}::real as rank from deals d`;
  const byTitle = nameKinds(req, sql.ref('d.search_words'), 0).flatMap((k) =>
    branches.map(
      (b) => sql`(${select(k.rank)}
        where d.workspace_id = ${ws} and d.deleted_at is null and ${b} and ${visible} and ${k.where}
        limit ${req.limit})`,
    ),
  );
  // A client matched by name at the exact or morphological level brings its deals along.
  const byClient = nameKinds(req, sql.ref('c.search_words'), 0.5)
    .filter((k) => k.rank < RANK.name + 2)
    .flatMap((k) =>
      branches.map(
        (b) => sql`(${select(k.rank)} join companies c on c.id = d.company_id
          where d.workspace_id = ${ws} and d.deleted_at is null and c.deleted_at is null and ${b} and ${visible} and ${k.where}
          limit ${req.limit})`,
      ),
    );
  const parts = [...byTitle, ...byClient];
  if (!parts.length) return [];
  const query = sql<Row>`
    select h.id, h.title, h.rank, s.name as stage_name, ${visibleNameOf(req.user, 'company', 'co')} as company_name
    from (select distinct on (x.id) x.* from (${sql.join(parts, sql` union all `)}) x order by x.id, x.rank) h
    join pipeline_stages s on s.id = h.stage_id
    left join companies co on co.id = h.company_id and co.workspace_id = ${ws}
    order by h.rank, h.title
    limit ${req.limit}`;
  const r = req.bitmapOnly ? await withBitmapScans(db, (trx) => query.execute(trx)) : await query.execute(db);
  return r.rows.map((row) => ({
    type: 'deal' as const,
    id: row.id,
    title: row.title,
    subtitle: [row.company_name, row.stage_name].filter(Boolean).join(' · ') || null,
    matched: 'name' as const,
    rank: row.rank,
  }));
}
