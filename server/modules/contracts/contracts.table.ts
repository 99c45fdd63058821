import type { ColumnType, Generated } from 'kysely';

type DateCol = ColumnType<string, string, string>;

export interface ContractsTable {
  id: Generated<string>;
  workspace_id: string;
  company_id: string;
  legal_entity_id: string;
  number: string;
  date: DateCol;
  valid_from: DateCol;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
  payment_term_days: Generated<number>;
  prepayment_percent: Generated<string>;
  credit_limit: string | null;
  currency: string;
  notes: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface ContractPricesTable {
  contract_id: string;
  workspace_id: string;
  product_id: string;
  price: string;
}

export interface ContractsTables {
  contracts: ContractsTable;
  contract_prices: ContractPricesTable;
}
