import { sql } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { visibilityOf } from '../../platform/registry.js';

// A read model over invoices and contracts (their tables are read here for one indexed query
// each), and the store of credit passes. What a client owes is counted over the whole workspace,
// whoever asks: a hold does not lift for a manager who cannot see every invoice of the client.

const OPEN = sql`i.kind = 'invoice' and i.status in ('issued', 'partially_paid') and i.deleted_at is null and i.balance > 0`;

export type OverdueRow = {
  id: string;
  number: string | null;
  currency: string;
  balance: string;
  due_date: string;
  contract_id: string;
  days: number;
};

/** Invoices under the client's contracts still unpaid after their due date, the oldest first. */
export async function overdueUnderContracts(db: Db, workspaceId: string, companyId: string, today: string): Promise<OverdueRow[]> {
  const r = await sql<OverdueRow>`
    select i.id, i.number, i.currency, i.balance::text as balance, i.due_date::text as due_date, i.contract_id,
      (${today}::date - i.due_date) as days
    from invoices i
    where i.workspace_id = ${workspaceId} and i.company_id = ${companyId} and ${OPEN}
      and i.contract_id is not null and i.due_date < ${today}::date
    order by i.due_date, i.number nulls last, i.id`.execute(db);
  return r.rows;
}

export type ExposureRow = {
  id: string;
  number: string;
  legal_entity_id: string;
  currency: string;
  credit_limit: string | null;
  payment_term_days: number;
  exposure: string;
};

/**
 * The client's contracts in force on `today`, the latest first, each with what the client owes
 * that seller in its currency (every open invoice, under the contract or not).
 */
export async function contractsInForce(db: Db, workspaceId: string, companyId: string, today: string): Promise<ExposureRow[]> {
  const r = await sql<ExposureRow>`
    select c.id, c.number, c.legal_entity_id, c.currency, c.credit_limit::text as credit_limit, c.payment_term_days,
      coalesce((select sum(i.balance) from invoices i
        where i.workspace_id = c.workspace_id and i.company_id = c.company_id and i.legal_entity_id = c.legal_entity_id
          and i.currency = c.currency and ${OPEN}), 0)::text as exposure
    from contracts c
    where c.workspace_id = ${workspaceId} and c.company_id = ${companyId} and c.deleted_at is null
      and c.valid_from <= ${today}::date and (c.valid_to is null or c.valid_to >= ${today}::date)
    order by c.valid_from desc, c.date desc, c.id desc`.execute(db);
  return r.rows;
}

/** Of the given clients the caller may see, those on hold on `today` (one query for a page of badges). */
export async function holdsAmong(db: Db, user: AuthUser, companyIds: string[], today: string): Promise<string[]> {
  if (!companyIds.length) return [];
  const r = await sql<{ id: string }>`
    select co.id from companies co
    where co.workspace_id = ${user.workspaceId} and co.id = any(${companyIds}::uuid[]) and ${visibilityOf(user, 'company', 'co')}
      and (exists (select 1 from invoices i where i.workspace_id = co.workspace_id and i.company_id = co.id and ${OPEN}
            and i.contract_id is not null and i.due_date < ${today}::date)
        or exists (select 1 from contracts c where c.workspace_id = co.workspace_id and c.company_id = co.id
            and c.deleted_at is null and c.credit_limit is not null
            and c.valid_from <= ${today}::date and (c.valid_to is null or c.valid_to >= ${today}::date)
            and c.credit_limit < coalesce((select sum(i.balance) from invoices i where i.workspace_id = c.workspace_id
              and i.company_id = c.company_id and i.legal_entity_id = c.legal_entity_id and i.currency = c.currency and ${OPEN}), 0)))
    order by co.id`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Serialises hold checks of one client, so two invoices issued at once cannot both pass one limit. */
export async function lockClient(trx: Db, workspaceId: string, companyId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`${workspaceId}|credit|${companyId}`}, 0))`.execute(trx);
}

/** Takes the oldest unused pass of the client (locked; skipped when another transaction holds it). */
export async function takeOpenPass(trx: Db, workspaceId: string, companyId: string) {
  return trx
    .selectFrom('credit_overrides')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('company_id', '=', companyId)
    .where('used_at', 'is', null)
    .orderBy('granted_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export async function markPassUsed(trx: Db, id: string, by: string, kind: 'invoice' | 'deal', forId: string) {
  return trx
    .updateTable('credit_overrides')
    .set({ used_at: new Date(), used_by: by, used_for_kind: kind, used_for_id: forId })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertPass(
  trx: Db,
  row: { workspace_id: string; company_id: string; reason: string; granted_by: string },
  used?: { by: string; kind: 'invoice' | 'deal'; forId: string },
) {
  return trx
    .insertInto('credit_overrides')
    .values({
      ...row,
      used_at: used ? new Date() : null,
      used_by: used?.by ?? null,
      used_for_kind: used?.kind ?? null,
      used_for_id: used?.forId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function passesOf(db: Db, workspaceId: string, companyId: string) {
  return db
    .selectFrom('credit_overrides')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('company_id', '=', companyId)
    .orderBy('granted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

export async function openPassCount(db: Db, workspaceId: string, companyId: string): Promise<number> {
  const r = await db
    .selectFrom('credit_overrides')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('company_id', '=', companyId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
