import type { CreateProduct, Product, UpdateProduct } from '../../../contracts/products.js';
import type { AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { findWorkspaceSettings } from '../../platform/settings.js';
import { PlatformErrors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { ProductErrors } from './products.errors.js';
import * as repo from './products.repository.js';

/** Normalises a numeric from PostgreSQL ("20.00") to the shortest decimal string ("20"). */
const percent = (v: string) => v.replace(/\.?0+$/, '') || '0';

function toProduct(r: repo.ProductRow, prices: repo.PriceRow[]): Product {
  return {
    id: r.id,
    name: r.name,
    sku: r.sku,
    unit: r.unit,
    description: r.description,
    prices: prices
      .filter((p) => p.product_id === r.id)
      .map((p) => ({ currency: p.currency as Product['prices'][number]['currency'], amount: p.amount })),
    vatRate: percent(r.vat_rate),
    isActive: r.is_active,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: r.deleted_at ? r.deleted_at.toISOString() : null,
  };
}

/** Who maintains the catalogue; everyone else reads it. */
export function canManageProducts(user: AuthUser): boolean {
  return ['admin', 'director', 'head_of_sales', 'marketing', 'finance'].includes(user.role);
}
function assertManager(user: AuthUser) {
  if (!canManageProducts(user)) throw PlatformErrors.FORBIDDEN();
}

/** VAT of a new product when none is given: the standard rate of the workspace's home currency. */
async function defaultVatRate(db: Db, workspaceId: string): Promise<string> {
  const ws = await findWorkspaceSettings(db, workspaceId);
  switch (ws?.defaultCurrency) {
    case 'RUB':
      return '22';
    case 'EUR':
    case 'BGN':
      return '20';
    default:
      return '0';
  }
}

/** One live product of the caller's workspace, or 404 (deleted ones are listed with `deleted=true`). */
export async function getProduct(db: Db, user: AuthUser, id: string): Promise<Product> {
  const product = await readProduct(db, user, id);
  if (product.deletedAt) throw ProductErrors.PRODUCT_NOT_FOUND();
  return product;
}

async function readProduct(db: Db, user: AuthUser, id: string): Promise<Product> {
  const row = await repo.findProductRow(db, user.workspaceId, id);
  if (!row) throw ProductErrors.PRODUCT_NOT_FOUND();
  return toProduct(row, await repo.pricesOf(db, user.workspaceId, [id]));
}

export async function listProducts(
  db: Db,
  user: AuthUser,
  q: { q?: string; active?: boolean; deleted?: boolean; cursor?: string; limit: number },
) {
  const rows = await repo.listProductRows(db, user.workspaceId, { ...q, after: decodeCursor(q.cursor, 'text') });
  const page = rows.slice(0, q.limit);
  const prices = await repo.pricesOf(
    db,
    user.workspaceId,
    page.map((r) => r.id),
  );
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toProduct(r, prices)),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.name, last.id) : null,
  };
}

async function assertSkuFree(db: Db, workspaceId: string, sku: string | null | undefined, exceptId?: string) {
  if (sku && (await repo.skuTaken(db, workspaceId, sku, exceptId))) {
    throw ProductErrors.PRODUCT_SKU_TAKEN({ fields: [{ path: 'sku', code: 'errors.PRODUCT_SKU_TAKEN' }] });
  }
}

export async function createProduct(db: Db, user: AuthUser, input: CreateProduct): Promise<Product> {
  assertManager(user);
  await assertSkuFree(db, user.workspaceId, input.sku);
  const vatRate = input.vatRate ?? (await defaultVatRate(db, user.workspaceId));
  return db.transaction().execute(async (trx) => {
    const { id } = await repo.insertProduct(trx, {
      workspace_id: user.workspaceId,
      name: input.name,
      sku: input.sku || null,
      unit: input.unit || null,
      description: input.description ?? null,
      vat_rate: vatRate,
      is_active: input.isActive ?? true,
      created_by: user.id,
      deleted_at: null,
    });
    await repo.replacePrices(trx, user.workspaceId, id, input.prices ?? []);
    const product = await getProduct(trx, user, id);
    await recordAudit(trx, user, { entity: 'product', entityId: id, action: 'create', after: product });
    return product;
  });
}

export async function updateProduct(db: Db, user: AuthUser, id: string, input: UpdateProduct): Promise<Product> {
  assertManager(user);
  const before = await getProduct(db, user, id);
  if (input.sku !== undefined) await assertSkuFree(db, user.workspaceId, input.sku, id);
  return db.transaction().execute(async (trx) => {
    const updated = await repo.updateProductAtVersion(trx, user.workspaceId, id, input.version, {
      name: input.name,
      sku: input.sku === undefined ? undefined : input.sku || null,
      unit: input.unit === undefined ? undefined : input.unit || null,
      description: input.description,
      vat_rate: input.vatRate,
      is_active: input.isActive,
    });
    if (!updated) throw PlatformErrors.VERSION_CONFLICT();
    if (input.prices) await repo.replacePrices(trx, user.workspaceId, id, input.prices);
    const after = await getProduct(trx, user, id);
    await recordAudit(trx, user, { entity: 'product', entityId: id, action: 'update', before, after });
    return after;
  });
}

export async function deleteProduct(db: Db, user: AuthUser, id: string): Promise<void> {
  assertManager(user);
  const before = await getProduct(db, user, id);
  await db.transaction().execute(async (trx) => {
    await repo.setProductDeletedAt(trx, user.workspaceId, id, new Date());
    await recordAudit(trx, user, { entity: 'product', entityId: id, action: 'delete', before });
  });
}

export async function restoreProduct(db: Db, user: AuthUser, id: string): Promise<Product> {
  assertManager(user);
  const before = await readProduct(db, user, id);
  if (!before.deletedAt) return before;
  // Another product may have taken the SKU while this one was in the bin.
  await assertSkuFree(db, user.workspaceId, before.sku, id);
  return db.transaction().execute(async (trx) => {
    await repo.setProductDeletedAt(trx, user.workspaceId, id, null);
    const after = await readProduct(trx, user, id);
    await recordAudit(trx, user, { entity: 'product', entityId: id, action: 'restore', before, after });
    return after;
  });
}

/**
 * The price a deal line gets by default: today the product's list price in the currency.
 * `companyId` is where per-client contract prices will plug in (a later capability).
 */
export async function priceFor(
  db: Db,
  workspaceId: string,
  productId: string,
  currency: string,
  companyId?: string | null,
): Promise<string | null> {
  void companyId;
  return (await repo.findPriceAmount(db, workspaceId, productId, currency)) ?? null;
}

/** Name, unit and VAT of live products, for deal lines (snapshot at the time a line is written). */
export async function productFacts(db: Db, workspaceId: string, ids: string[]) {
  const rows = await repo.liveProductFacts(db, workspaceId, ids);
  return new Map(rows.map((r) => [r.id, { name: r.name, unit: r.unit, vatRate: percent(r.vat_rate), isActive: r.is_active }]));
}

/** The catalogue is visible to the whole workspace: the audit trail of a product too. */
export async function canSeeProduct(db: Db, user: AuthUser, id: string): Promise<boolean> {
  return !!(await repo.findProductRow(db, user.workspaceId, id));
}
