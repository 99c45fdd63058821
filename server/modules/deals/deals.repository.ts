import { sql, type Insertable, type RawBuilder, type Updateable } from 'kysely';
import { visibleTo, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { visibilityOf, visibleNameOf } from '../../platform/registry.js';
import type {
  Contract,
  DealContactsTable,
  DealLinesTable,
  DealStageMovesTable,
  DealStatus,
  DealsTable,
  Payment,
  Proposal,
  Qualification,
} from './deals.table.js';
import { flagSql, visibleDeals } from './deals.predicates.js';
import { updateAtVersion, type RowChanges } from '../../platform/versioned.js';

export type DealSummaryRow = {
  id: string;
  title: string;
  company_id: string | null;
  company_name: string | null;
  pipeline_id: string;
  stage_id: string;
  stage_name: string;
  status: DealStatus;
  amount: string;
  currency: string;
  probability: number;
  owner_id: string | null;
  owner_name: string | null;
  expected_close_date: string | null;
  next_step_text: string | null;
  next_step_due_at: Date | null;
  won_amount: string | null;
  won_date: string | null;
  closed_at: Date | null;
  stage_entered_at: Date;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  no_next_step: boolean;
  overdue_next_step: boolean;
  rotting: boolean;
};

export type DealRow = DealSummaryRow & {
  workspace_id: string;
  probability_overridden: boolean;
  source: string | null;
  expected_payment_date: string | null;
  prices_include_vat: boolean;
  subtotal: string;
  vat_total: string;
  total: string;
  qualification: Qualification;
  proposals: Proposal[];
  contract: Contract | null;
  contract_id: string | null;
  payment_schedule: Payment[];
  fulfilment_notes: string | null;
  lost_reason_id: string | null;
  lost_reason_name: string | null;
  lost_comment: string | null;
  board_rank: number;
  shared_with_caller: boolean;
  stage_kind: 'open' | 'won' | 'lost';
};

// The company's name only as the caller may read it (null when they may not see the company).
const summaryCols = (
  user: AuthUser,
) => sql`d.id, d.title, d.company_id, ${visibleNameOf(user, 'company', 'c')} as company_name, d.pipeline_id, d.stage_id, s.name as stage_name,
  d.status, d.amount, d.currency, d.probability, d.owner_id, u.name as owner_name, d.expected_close_date, d.next_step_text,
  d.next_step_due_at, d.won_amount, d.won_date, d.closed_at, d.stage_entered_at, d.version, d.created_at, d.updated_at,
  d.deleted_at, ${flagSql.noNextStep} as no_next_step, ${flagSql.overdueNextStep} as overdue_next_step, ${flagSql.rotting} as rotting`;

// Company and owner names are read with a join rather than through the companies module: the
// board and lists need them for hundreds of cards in one round trip. The company's name goes
// through the registry's visibility in the same query (visibleNameOf).
const joins = sql`join pipeline_stages s on s.id = d.stage_id
  left join companies c on c.id = d.company_id and c.workspace_id = d.workspace_id
  left join users u on u.id = d.owner_id`;

/** One deal as the caller may see it (deleted ones too, for restore), or undefined. */
export async function findDealRow(db: Db, user: AuthUser, id: string, checkAccess = true): Promise<DealRow | undefined> {
  const r = await sql<DealRow>`
    select ${summaryCols(user)}, d.workspace_id, d.probability_overridden, d.source, d.expected_payment_date, d.prices_include_vat,
      d.subtotal, d.vat_total, d.total, d.qualification, d.proposals, d.contract, d.contract_id, d.payment_schedule, d.fulfilment_notes,
      d.lost_reason_id, lr.name as lost_reason_name, d.lost_comment, d.board_rank, s.kind as stage_kind,
      exists (select 1 from record_shares rs where rs.entity = 'deal' and rs.entity_id = d.id and rs.user_id = ${user.id}) as shared_with_caller
    from deals d ${joins}
    left join lost_reasons lr on lr.id = d.lost_reason_id
    where d.workspace_id = ${user.workspaceId} and d.id = ${id} and ${checkAccess ? visibleTo(user, 'deal', 'd') : sql`true`}`.execute(db);
  return r.rows[0];
}

export type DealContactRow = { deal_id: string; contact_id: string; role: string | null; is_decision_maker: boolean; name: string | null };
/** The deal's people, named only where the caller may see them. A link to another workspace's
 * contact (bad data) stays in the list as hidden, like the company does, rather than vanishing. */
export async function dealContacts(db: Db, user: AuthUser, dealId: string): Promise<DealContactRow[]> {
  const r = await sql<DealContactRow>`
    select dc.deal_id, dc.contact_id, dc.role, dc.is_decision_maker, ${visibleNameOf(user, 'contact', 'ct')} as name
    from deal_contacts dc left join contacts ct on ct.id = dc.contact_id and ct.workspace_id = dc.workspace_id
    where dc.deal_id = ${dealId} order by dc.position, ct.full_name`.execute(db);
  return r.rows;
}

export type DealLineRow = {
  id: string;
  product_id: string | null;
  name: string;
  unit: string | null;
  quantity: string;
  unit_price: string;
  discount_percent: string;
  vat_rate: string;
  subtotal: string;
  vat_amount: string;
  total: string;
};
export async function dealLines(db: Db, dealId: string): Promise<DealLineRow[]> {
  return db
    .selectFrom('deal_lines')
    .select([
      'id',
      'product_id',
      'name',
      'unit',
      'quantity',
      'unit_price',
      'discount_percent',
      'vat_rate',
      'subtotal',
      'vat_amount',
      'total',
    ])
    .where('deal_id', '=', dealId)
    .orderBy('position')
    .execute();
}

export type ListFilter = {
  pipelineId?: string;
  stageId?: string;
  ownerId?: string;
  status?: DealStatus;
  companyId?: string;
  contactId?: string;
  from?: string;
  to?: string;
  q?: string;
  noNextStep?: boolean;
  rotting?: boolean;
  overdueNextStep?: boolean;
  deleted?: boolean;
};

/** Sort key expression, its SQL type (for the cursor), and whether nulls need a sentinel. */
export const sortKeys: Record<string, { expr: RawBuilder<unknown>; type: 'timestamptz' | 'date' | 'numeric' | 'text' }> = {
  updatedAt: { expr: sql`d.updated_at`, type: 'timestamptz' },
  createdAt: { expr: sql`d.created_at`, type: 'timestamptz' },
  amount: { expr: sql`d.amount`, type: 'numeric' },
  title: { expr: sql`d.title`, type: 'text' },
  expectedCloseDate: { expr: sql`coalesce(d.expected_close_date, 'infinity'::date)`, type: 'date' },
  nextStepDueAt: { expr: sql`coalesce(d.next_step_due_at, 'infinity'::timestamptz)`, type: 'timestamptz' },
  /** The company's name as the caller sees it (listDealRows puts in the caller); '' for none or hidden. */
  company: { expr: sql`''`, type: 'text' },
  owner: { expr: sql`coalesce(u.name, '')`, type: 'text' },
};

function filterSql(user: AuthUser, f: ListFilter): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`d.workspace_id = ${user.workspaceId}`, visibleDeals(user)];
  parts.push(f.deleted ? sql`d.deleted_at is not null` : sql`d.deleted_at is null`);
  if (f.pipelineId) parts.push(sql`d.pipeline_id = ${f.pipelineId}`);
  if (f.stageId) parts.push(sql`d.stage_id = ${f.stageId}`);
  if (f.ownerId) parts.push(sql`d.owner_id = ${f.ownerId}`);
  if (f.status) parts.push(sql`d.status = ${f.status}`);
  if (f.companyId) parts.push(sql`d.company_id = ${f.companyId}`);
  if (f.contactId) parts.push(sql`exists (select 1 from deal_contacts dc where dc.deal_id = d.id and dc.contact_id = ${f.contactId})`);
  if (f.from) parts.push(sql`d.expected_close_date >= ${f.from}::date`);
  if (f.to) parts.push(sql`d.expected_close_date <= ${f.to}::date`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`(lower(d.title collate "und-x-icu") like lower(${like} collate "und-x-icu")
      or (c.name is not null and ${visibilityOf(user, 'company', 'c')} and lower(c.name collate "und-x-icu") like lower(${like} collate "und-x-icu")))`);
  }
  if (f.noNextStep !== undefined) parts.push(f.noNextStep ? flagSql.noNextStep : sql`not ${flagSql.noNextStep}`);
  if (f.rotting !== undefined) parts.push(f.rotting ? flagSql.rotting : sql`not ${flagSql.rotting}`);
  if (f.overdueNextStep !== undefined) parts.push(f.overdueNextStep ? flagSql.overdueNextStep : sql`not ${flagSql.overdueNextStep}`);
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

/** One page of deals, keyset-paginated on (sort key, id). Returns one extra row to tell if more follow. */
export async function listDealRows(
  db: Db,
  user: AuthUser,
  f: ListFilter,
  sort: string,
  after: [string, string] | undefined,
  limit: number,
) {
  const desc = sort.startsWith('-');
  const key = sortKeys[sort.replace(/^-/, '')];
  // Descending date sorts put deals without a date last, like ascending ones.
  const expr =
    desc && key.type === 'date'
      ? sql`coalesce(d.expected_close_date, '-infinity'::date)`
      : desc && sort === '-nextStepDueAt'
        ? sql`coalesce(d.next_step_due_at, '-infinity'::timestamptz)`
        : sort.replace(/^-/, '') === 'company'
          ? sql`coalesce(${visibleNameOf(user, 'company', 'c')}, '')`
          : key.expr;
  const dir = desc ? sql`desc` : sql`asc`;
  const cursor = after ? sql`and (${expr}, d.id) ${desc ? sql`<` : sql`>`} (${after[0]}::${sql.raw(key.type)}, ${after[1]}::uuid)` : sql``;
  const r = await sql<DealSummaryRow & { sort_key: string }>`
    select ${summaryCols(user)}, (${expr})::text as sort_key
    from deals d ${joins}
    where ${filterSql(user, f)} ${cursor}
    order by ${expr} ${dir}, d.id ${dir}
    limit ${limit + 1}`.execute(db);
  return r.rows;
}

/** How many deals the list would show for these filters, counting at most `cap`. */
export async function countDealRows(db: Db, user: AuthUser, f: ListFilter, cap: number): Promise<number> {
  const r = await sql<{
    n: string;
  }>`select count(*) as n from (select 1 from deals d ${joins} where ${filterSql(user, f)} limit ${cap}) x`.execute(db);
  return Number(r.rows[0].n);
}

export type MoveRow = {
  id: string;
  from_pipeline_id: string | null;
  from_stage_id: string | null;
  from_stage_name: string | null;
  to_pipeline_id: string;
  to_stage_id: string;
  to_stage_name: string;
  from_status: DealStatus | null;
  to_status: DealStatus;
  user_id: string | null;
  user_name: string | null;
  moved_at: Date;
};
export async function stageMoves(db: Db, workspaceId: string, dealId: string): Promise<MoveRow[]> {
  const r = await sql<MoveRow>`
    select m.id, m.from_pipeline_id, m.from_stage_id, fs.name as from_stage_name, m.to_pipeline_id, m.to_stage_id,
      ts.name as to_stage_name, m.from_status, m.to_status, m.user_id, u.name as user_name, m.moved_at
    from deal_stage_moves m
    left join pipeline_stages fs on fs.id = m.from_stage_id
    join pipeline_stages ts on ts.id = m.to_stage_id
    left join users u on u.id = m.user_id
    where m.workspace_id = ${workspaceId} and m.deal_id = ${dealId}
    order by m.moved_at, m.id`.execute(db);
  return r.rows;
}

/** The open stage a closed deal came from (for reopening), if it is still live. */
export async function lastOpenStage(db: Db, workspaceId: string, dealId: string): Promise<string | undefined> {
  const r = await sql<{ stage_id: string }>`
    select m.from_stage_id as stage_id from deal_stage_moves m
    join pipeline_stages s on s.id = m.from_stage_id and s.deleted_at is null and s.kind = 'open'
    where m.workspace_id = ${workspaceId} and m.deal_id = ${dealId} and m.from_status = 'open' and m.to_status <> 'open'
    order by m.moved_at desc limit 1`.execute(db);
  return r.rows[0]?.stage_id;
}

export async function activeUser(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const r = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('is_active', '=', true)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return !!r;
}

// ---- writes

/** A new deal's row; returns its id. */
export async function insertDeal(db: Db, values: Insertable<DealsTable>): Promise<{ id: string }> {
  return db.insertInto('deals').values(values).returning('id').executeTakeFirstOrThrow();
}

/**
 * Applies changes to a live deal if it still has `version` (optimistic concurrency), bumping the
 * version; undefined when someone else changed or deleted it first.
 */
export const updateDealRow = (db: Db, workspaceId: string, id: string, version: number, changes: RowChanges<'deals'>) =>
  updateAtVersion(db, 'deals', { workspaceId, id, version }, changes);

/** Moves a deal into the bin or back out of it (with a new stage when its old one is gone). */
export async function setDealDeleted(
  db: Db,
  workspaceId: string,
  id: string,
  deletedAt: Date | null,
  extra: Pick<Updateable<DealsTable>, 'stage_id' | 'pipeline_id' | 'stage_entered_at'> = {},
): Promise<void> {
  await db
    .updateTable('deals')
    .set({ deleted_at: deletedAt, version: sql`version + 1`, updated_at: new Date(), ...extra })
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .execute();
}

/** Replaces the deal's lines (in the given order). */
export async function replaceDealLines(db: Db, dealId: string, lines: Insertable<DealLinesTable>[]): Promise<void> {
  await db.deleteFrom('deal_lines').where('deal_id', '=', dealId).execute();
  if (lines.length === 0) return;
  await db.insertInto('deal_lines').values(lines).execute();
}

/** Replaces the deal's contacts (in the given order). */
export async function replaceDealContacts(db: Db, dealId: string, contacts: Insertable<DealContactsTable>[]): Promise<void> {
  await db.deleteFrom('deal_contacts').where('deal_id', '=', dealId).execute();
  if (contacts.length === 0) return;
  await db.insertInto('deal_contacts').values(contacts).execute();
}

export async function insertStageMove(db: Db, values: Insertable<DealStageMovesTable>): Promise<void> {
  await db.insertInto('deal_stage_moves').values(values).execute();
}

/**
 * Live deals the caller may see with one of these titles (case-insensitive): what an import
 * links an activity to by its deal's title, and matches a deal row's duplicates on (title and
 * company). Oldest first, so the same file finds the same deal every time.
 */
export async function visibleDealsByTitle(
  db: Db,
  user: AuthUser,
  titles: string[],
): Promise<{ id: string; title: string; company_id: string | null; version: number }[]> {
  if (!titles.length) return [];
  const r = await sql<{ id: string; title: string; company_id: string | null; version: number }>`
    select d.id, d.title, d.company_id, d.version from deals d
    where d.workspace_id = ${user.workspaceId} and d.deleted_at is null
      and lower(d.title) = any(${titles.map((t) => t.toLowerCase())}::text[]) and ${visibleDeals(user)}
    order by d.created_at, d.id`.execute(db);
  return r.rows;
}
