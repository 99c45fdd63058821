import { sql, type Insertable, type Updateable } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { visibilityOf } from '../../platform/registry.js';
import type { ContractsTable } from './contracts.table.js';

export type ContractRow = {
  id: string;
  company_id: string;
  legal_entity_id: string;
  number: string;
  date: string;
  valid_from: string;
  valid_to: string | null;
  payment_term_days: number;
  prepayment_percent: string;
  credit_limit: string | null;
  currency: string;
  notes: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
};

const cols = [
  'c.id',
  'c.company_id',
  'c.legal_entity_id',
  'c.number',
  'c.date',
  'c.valid_from',
  'c.valid_to',
  'c.payment_term_days',
  'c.prepayment_percent',
  'c.credit_limit',
  'c.currency',
  'c.notes',
  'c.version',
  'c.created_at',
  'c.updated_at',
  'c.deleted_at',
] as const;

/** A contract of the workspace the caller may see (through its client), live or in the bin. */
export async function findContractRow(db: Db, user: AuthUser, id: string, lock = false): Promise<ContractRow | undefined> {
  let q = db
    .selectFrom('contracts as c')
    .select(cols)
    .where('c.workspace_id', '=', user.workspaceId)
    .where('c.id', '=', id)
    .where(visibilityOf(user, 'contract', 'c'));
  if (lock) q = q.forUpdate('c');
  return q.executeTakeFirst();
}

export type ListFilter = {
  companyId?: string;
  legalEntityId?: string;
  activeOn?: string;
  deleted: boolean;
  q?: string;
  after?: [string, string];
  limit: number;
};

/** Contracts the caller may see, newest signature first (keyset on date, id). */
export async function listContractRows(db: Db, user: AuthUser, f: ListFilter): Promise<ContractRow[]> {
  let q = db
    .selectFrom('contracts as c')
    .select(cols)
    .where('c.workspace_id', '=', user.workspaceId)
    .where(visibilityOf(user, 'contract', 'c'))
    .where('c.deleted_at', f.deleted ? 'is not' : 'is', null);
  if (f.companyId) q = q.where('c.company_id', '=', f.companyId);
  if (f.legalEntityId) q = q.where('c.legal_entity_id', '=', f.legalEntityId);
  if (f.activeOn) {
    const on = f.activeOn;
    q = q.where('c.valid_from', '<=', on).where((eb) => eb.or([eb('c.valid_to', 'is', null), eb('c.valid_to', '>=', on)]));
  }
  if (f.q) q = q.where(sql<boolean>`c.number ilike ${'%' + f.q.replace(/[\\%_]/g, (m) => '\\' + m) + '%'}`);
  if (f.after) {
    const [date, id] = f.after;
    q = q.where(sql<boolean>`(c.date, c.id) < (${date}::date, ${id}::uuid)`);
  }
  return q.orderBy('c.date', 'desc').orderBy('c.id', 'desc').limit(f.limit).execute();
}

export async function insertContract(db: Db, row: Insertable<ContractsTable>): Promise<string> {
  const { id } = await db.insertInto('contracts').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Writes a change if the version still matches; false when someone changed it meanwhile. */
export async function updateContractRow(
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  values: Updateable<ContractsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('contracts')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setContractDeleted(db: Db, workspaceId: string, id: string, at: Date | null): Promise<void> {
  await db
    .updateTable('contracts')
    .set({ deleted_at: at, updated_at: new Date(), version: sql`version + 1` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Whether a live contract of this seller already has the number (case-insensitive). */
export async function numberTaken(db: Db, workspaceId: string, legalEntityId: string, number: string, exceptId?: string): Promise<boolean> {
  let q = db
    .selectFrom('contracts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('legal_entity_id', '=', legalEntityId)
    .where(sql<boolean>`lower(number) = lower(${number})`)
    .where('deleted_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return Boolean(await q.executeTakeFirst());
}

export async function pricesOf(db: Db, contractIds: string[]) {
  if (!contractIds.length) return [];
  return db
    .selectFrom('contract_prices')
    .select(['contract_id', 'product_id', 'price'])
    .where('contract_id', 'in', contractIds)
    .orderBy('contract_id')
    .orderBy('product_id')
    .execute();
}

export async function replacePrices(db: Db, workspaceId: string, contractId: string, prices: { productId: string; price: string }[]) {
  await db.deleteFrom('contract_prices').where('contract_id', '=', contractId).execute();
  if (!prices.length) return;
  await db
    .insertInto('contract_prices')
    .values(prices.map((p) => ({ contract_id: contractId, workspace_id: workspaceId, product_id: p.productId, price: p.price })))
    .execute();
}

/**
 * The contract price of a product for a client on a day in a currency: from the given contract if
 * it is live and in force, else from the client's latest contract in force that lists the product.
 */
export async function contractPrice(
  db: Db,
  workspaceId: string,
  f: { productId: string; currency: string; on: string; companyId: string | null; contractId: string | null },
): Promise<string | undefined> {
  if (!f.companyId && !f.contractId) return undefined;
  const row = await db
    .selectFrom('contract_prices as p')
    .innerJoin('contracts as c', 'c.id', 'p.contract_id')
    .select('p.price')
    .where('c.workspace_id', '=', workspaceId)
    .where('p.product_id', '=', f.productId)
    .where('c.currency', '=', f.currency)
    .where('c.deleted_at', 'is', null)
    .where('c.valid_from', '<=', f.on)
    .where((eb) => eb.or([eb('c.valid_to', 'is', null), eb('c.valid_to', '>=', f.on)]))
    .where((eb) => {
      const ors = [];
      if (f.contractId) ors.push(eb('c.id', '=', f.contractId));
      if (f.companyId) ors.push(eb('c.company_id', '=', f.companyId));
      return eb.or(ors);
    })
    // The named contract first, then the latest in force.
    .orderBy(sql`case when c.id = ${f.contractId ?? null}::uuid then 0 else 1 end`)
    .orderBy('c.valid_from', 'desc')
    .orderBy('c.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.price;
}

/** The facts a deal or invoice checks when it links to a contract (no access check: the caller's). */
export async function contractFacts(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('contracts')
    .select(['id', 'company_id', 'legal_entity_id', 'currency', 'payment_term_days', 'number', 'date', 'deleted_at'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Whether any contract (in the bin too) names the legal entity: then it may not be deleted. */
export async function contractsOfLegalEntity(db: Db, workspaceId: string, legalEntityId: string): Promise<boolean> {
  const r = await db
    .selectFrom('contracts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('legal_entity_id', '=', legalEntityId)
    .limit(1)
    .executeTakeFirst();
  return Boolean(r);
}
