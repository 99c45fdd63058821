import { sql } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { visibleNameOf } from '../../platform/registry.js';
import { accessArms, flagSql, visibleDeals } from './deals.predicates.js';

// SQL of the kanban board: column aggregates, top cards, and the rank a dragged card lands at.

export type BoardAggRow = { stage_id: string; currency: string; n: number; sum: string; weighted: string };
export type BoardCardRow = {
  id: string;
  stage_id: string;
  title: string;
  company_id: string | null;
  company_name: string | null;
  amount: string;
  currency: string;
  probability: number;
  owner_id: string | null;
  owner_name: string | null;
  next_step_text: string | null;
  next_step_due_at: Date | null;
  expected_close_date: string | null;
  stage_entered_at: Date;
  version: number;
  no_next_step: boolean;
  overdue_next_step: boolean;
  rotting: boolean;
};

/** Per-column counts and sums of a pipeline's open deals, by currency (exported for EXPLAIN in review). */
export function boardAggSql(user: AuthUser, pipelineId: string, ownerId: string | undefined) {
  const owner = ownerId ? sql`and d.owner_id = ${ownerId}` : sql``;
  const parts = accessArms(user).map(
    (visible) => sql`
    select d.stage_id, d.currency, count(*) as n, sum(d.amount) as sum, sum(d.amount * d.probability) as weighted_raw
    from deals d
    where d.workspace_id = ${user.workspaceId} and d.pipeline_id = ${pipelineId} and d.status = 'open'
      and d.deleted_at is null ${owner} and ${visible}
    group by 1, 2`,
  );
  return sql<BoardAggRow>`
    select x.stage_id, x.currency, sum(x.n)::int as n, sum(x.sum)::text as sum, round(sum(x.weighted_raw) / 100, 2)::text as weighted
    from (${sql.join(parts, sql` union all `)}) x
    group by 1, 2`;
}

/** The top cards of every open column: a lateral join, each column (and access arm) read in its stored order. */
const BOARD_CARD_COLUMNS = [
  'id',
  'workspace_id',
  'stage_id',
  'status',
  'board_rank',
  'title',
  'company_id',
  'amount',
  'currency',
  'probability',
  'owner_id',
  'next_step_text',
  'next_step_due_at',
  'expected_close_date',
  'stage_entered_at',
  'version',
]
  .map((c) => `d.${c}`)
  .join(', ');

export function boardCardsSql(user: AuthUser, pipelineId: string, ownerId: string | undefined, limit: number) {
  const owner = ownerId ? sql`and d.owner_id = ${ownerId}` : sql``;
  // Only what the card and its ordering read: `d.*` carried every wide column (jsonb plans,
  // contract, notes) of up to (limit + 1) rows per arm through the merge and both limits.
  const parts = accessArms(user).map(
    (visible) => sql`(
    select ${sql.raw(BOARD_CARD_COLUMNS)} from deals d
    where d.workspace_id = ${user.workspaceId} and d.pipeline_id = ${pipelineId} and d.stage_id = s.id
      and d.status = 'open' and d.deleted_at is null ${owner} and ${visible}
    order by d.board_rank desc, d.id desc
    limit ${limit + 1})`,
  );
  return sql<BoardCardRow>`
    select d.id, d.stage_id, d.title, d.company_id, ${visibleNameOf(user, 'company', 'c')} as company_name, d.amount, d.currency, d.probability, d.owner_id,
      u.name as owner_name, d.next_step_text, d.next_step_due_at, d.expected_close_date, d.stage_entered_at, d.version,
      ${flagSql.noNextStep} as no_next_step, ${flagSql.overdueNextStep} as overdue_next_step, ${flagSql.rotting} as rotting
    from pipeline_stages s
    cross join lateral (
      select a.* from (${sql.join(parts, sql` union all `)}) a
      order by a.board_rank desc, a.id desc
      limit ${limit + 1}
    ) d
    left join companies c on c.id = d.company_id and c.workspace_id = d.workspace_id
    left join users u on u.id = d.owner_id
    where s.pipeline_id = ${pipelineId} and s.workspace_id = ${user.workspaceId} and s.deleted_at is null and s.kind = 'open'
    order by s.position, d.board_rank desc, d.id desc`;
}

/** The board of one pipeline: column aggregates and top cards, in parallel. */
export async function boardRows(db: Db, user: AuthUser, pipelineId: string, ownerId: string | undefined, limit: number) {
  const [a, c] = await Promise.all([
    boardAggSql(user, pipelineId, ownerId).execute(db),
    boardCardsSql(user, pipelineId, ownerId, limit).execute(db),
  ]);
  return { aggs: a.rows, cards: c.rows };
}

/**
 * Board rank that puts a card at `position` (0 = top) of a column as the caller sees it: the
 * midpoint between its new neighbours (ranks are descending).
 */
export async function rankAt(db: Db, user: AuthUser, stageId: string, position: number, exceptId: string): Promise<number> {
  const r = await sql<{ board_rank: number }>`
    select d.board_rank from deals d
    where d.workspace_id = ${user.workspaceId} and d.stage_id = ${stageId} and d.status = 'open' and d.deleted_at is null
      and d.id <> ${exceptId} and ${visibleDeals(user)}
    order by d.board_rank desc, d.id desc
    offset ${Math.max(0, position - 1)} limit 2`.execute(db);
  const ranks = r.rows.map((x) => Number(x.board_rank));
  if (position === 0) return ranks.length ? ranks[0] + 1 : Date.now() / 1000;
  const [above, below] = ranks;
  if (above === undefined) return Date.now() / 1000;
  if (below === undefined) return above - 1;
  return (above + below) / 2;
}
