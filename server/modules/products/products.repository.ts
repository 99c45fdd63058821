import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../platform/database.js';
import type { ProductsTable } from './products.table.js';
import { updateAtVersion, type RowChanges } from '../../platform/versioned.js';

// SQL of the products module only: functions (db, ...) -> rows. Rights, SKU uniqueness, audit and
// the default VAT rate stay in products.service.ts.

export const productCols = [
  'p.id',
  'p.name',
  'p.sku',
  'p.unit',
  'p.description',
  'p.vat_rate',
  'p.is_active',
  'p.version',
  'p.created_at',
  'p.updated_at',
  'p.deleted_at',
] as const;

export type ProductRow = {
  id: string;
  name: string;
  sku: string | null;
  unit: string | null;
  description: string | null;
  vat_rate: string;
  is_active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
};
export type PriceRow = { product_id: string; currency: string; amount: string };

export async function findProductRow(db: Db, workspaceId: string, id: string): Promise<ProductRow | undefined> {
  return db
    .selectFrom('products as p')
    .select(productCols)
    .where('p.workspace_id', '=', workspaceId)
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** Fields of a product the caller may change; the update bumps `version`/`updated_at` itself. */
export type ProductChanges = RowChanges<'products'>;

export async function insertProduct(db: Db, values: Insertable<ProductsTable>): Promise<{ id: string }> {
  return db.insertInto('products').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Applies changes to a live product at the given version; undefined when the version moved on (or it is gone). */
export const updateProductAtVersion = (db: Db, workspaceId: string, id: string, version: number, changes: ProductChanges) =>
  updateAtVersion(db, 'products', { workspaceId, id, version }, changes);

/** Moves a product to the bin (a date) or back out of it (null), bumping its version. */
export async function setProductDeletedAt(db: Db, workspaceId: string, id: string, deletedAt: Date | null): Promise<void> {
  await db
    .updateTable('products')
    .set({ deleted_at: deletedAt, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .execute();
}

/** A product's list price in one currency, if it has one. */
export async function findPriceAmount(db: Db, workspaceId: string, productId: string, currency: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('product_prices')
    .select('amount')
    .where('workspace_id', '=', workspaceId)
    .where('product_id', '=', productId)
    .where('currency', '=', currency)
    .executeTakeFirst();
  return r?.amount;
}

/** Name, unit, VAT and activity of the live products among `ids`. */
export async function liveProductFacts(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('products')
    .select(['id', 'name', 'unit', 'vat_rate', 'is_active'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
}

export async function pricesOf(db: Db, workspaceId: string, productIds: string[]): Promise<PriceRow[]> {
  if (productIds.length === 0) return [];
  return db
    .selectFrom('product_prices')
    .select(['product_id', 'currency', 'amount'])
    .where('workspace_id', '=', workspaceId)
    .where('product_id', 'in', productIds)
    .orderBy('currency')
    .execute();
}

export async function replacePrices(db: Db, workspaceId: string, productId: string, prices: { currency: string; amount: string }[]) {
  await db.deleteFrom('product_prices').where('product_id', '=', productId).where('workspace_id', '=', workspaceId).execute();
  if (prices.length === 0) return;
  await db
    .insertInto('product_prices')
    .values(prices.map((p) => ({ workspace_id: workspaceId, product_id: productId, currency: p.currency, amount: p.amount })))
    .execute();
}

/** Whether another live product of the workspace already uses the SKU (case-insensitive). */
export async function skuTaken(db: Db, workspaceId: string, sku: string, exceptId?: string): Promise<boolean> {
  let q = db
    .selectFrom('products')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where(sql`lower(sku)`, '=', sku.toLowerCase())
    .where('deleted_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

export type ProductFilter = { q?: string; active?: boolean; deleted?: boolean; after?: [string, string]; limit: number };

/** One page in name order (keyset on name, id). */
export async function listProductRows(db: Db, workspaceId: string, f: ProductFilter): Promise<ProductRow[]> {
  let q = db.selectFrom('products as p').select(productCols).where('p.workspace_id', '=', workspaceId);
  q = f.deleted ? q.where('p.deleted_at', 'is not', null) : q.where('p.deleted_at', 'is', null);
  if (f.active !== undefined) q = q.where('p.is_active', '=', f.active);
  if (f.q) {
    // ICU case folding: the cluster runs with the C locale, where lower() leaves Cyrillic alone.
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(
      sql<boolean>`(lower(p.name collate "und-x-icu") like lower(${like} collate "und-x-icu") or lower(p.sku collate "und-x-icu") like lower(${like} collate "und-x-icu"))`,
    );
  }
  if (f.after) q = q.where(sql<boolean>`(p.name, p.id) > (${f.after[0]}, ${f.after[1]}::uuid)`);
  return q
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(f.limit + 1)
    .execute();
}
