import type { Db } from '../../platform/database.js';
import { priceFor as listPriceFor } from '../products/index.js';
import * as repo from './contracts.repository.js';

/**
 * The price a deal or invoice line gets by default: the client's contract price in force on `on`
 * (the named contract first, else the client's latest), else the product's list price.
 */
export async function priceFor(
  db: Db,
  workspaceId: string,
  productId: string,
  currency: string,
  link: { companyId: string | null; contractId?: string | null; on: string },
): Promise<string | null> {
  const contract = await repo.contractPrice(db, workspaceId, {
    productId,
    currency,
    on: link.on,
    companyId: link.companyId,
    contractId: link.contractId ?? null,
  });
  return contract ?? (await listPriceFor(db, workspaceId, productId, currency, link.companyId));
}
