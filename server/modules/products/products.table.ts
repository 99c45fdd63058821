import type { Generated } from 'kysely';

export interface ProductsTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  sku: string | null;
  unit: string | null;
  description: string | null;
  vat_rate: string;
  is_active: Generated<boolean>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface ProductPricesTable {
  workspace_id: string;
  product_id: string;
  currency: string;
  amount: string;
}

export interface ProductsTables {
  products: ProductsTable;
  product_prices: ProductPricesTable;
}
