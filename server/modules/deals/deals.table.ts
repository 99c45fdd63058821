import type { Generated } from 'kysely';
import type { Json } from '../../platform/platform.table.js';

export type DealStatus = 'open' | 'won' | 'lost';

export type Qualification = {
  budget?: string | null;
  contactFrequency?: string | null;
  productsOfInterest?: string[];
  season?: string | null;
  clientCategory?: string | null;
  lifetimeValue?: string | null;
};
export type Proposal = { sentAt: string; amount: string | null; result: string | null };
export type Contract = { number: string | null; date: string | null; terms: string | null };
export type Payment = { dueDate: string; amount: string; paid: boolean };

export interface DealsTable {
  id: Generated<string>;
  workspace_id: string;
  title: string;
  company_id: string | null;
  pipeline_id: string;
  stage_id: string;
  status: DealStatus;
  amount: string;
  currency: string;
  probability: number;
  probability_overridden: Generated<boolean>;
  owner_id: string | null;
  source: string | null;
  expected_close_date: string | null;
  expected_payment_date: string | null;
  next_step_text: string | null;
  next_step_due_at: Date | null;
  prices_include_vat: Generated<boolean>;
  subtotal: Generated<string>;
  vat_total: Generated<string>;
  total: Generated<string>;
  qualification: Json<Qualification>;
  proposals: Json<Proposal[]>;
  contract: Json<Contract> | null;
  /** The contract with the client the deal is under (contracts, D4). */
  contract_id: string | null;
  payment_schedule: Json<Payment[]>;
  fulfilment_notes: string | null;
  won_amount: string | null;
  won_date: string | null;
  lost_reason_id: string | null;
  lost_comment: string | null;
  closed_at: Date | null;
  stage_entered_at: Generated<Date>;
  board_rank: Generated<number>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface DealContactsTable {
  workspace_id: string;
  deal_id: string;
  contact_id: string;
  role: string | null;
  is_decision_maker: Generated<boolean>;
  position: Generated<number>;
}

export interface DealLinesTable {
  id: Generated<string>;
  workspace_id: string;
  deal_id: string;
  position: number;
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
}

export interface DealStageMovesTable {
  id: Generated<string>;
  workspace_id: string;
  deal_id: string;
  from_pipeline_id: string | null;
  from_stage_id: string | null;
  to_pipeline_id: string;
  to_stage_id: string;
  from_status: DealStatus | null;
  to_status: DealStatus;
  user_id: string | null;
  moved_at: Generated<Date>;
}

export interface DealsTables {
  deals: DealsTable;
  deal_contacts: DealContactsTable;
  deal_lines: DealLinesTable;
  deal_stage_moves: DealStageMovesTable;
  deal_forecast_months: DealForecastMonthsTable;
}

/** Read model of the forecast, maintained by triggers on deals (migration 0003); never written by code. */
export interface DealForecastMonthsTable {
  workspace_id: string;
  owner_id: string | null;
  pipeline_id: string;
  currency: string;
  month: string;
  kind: 'open' | 'won';
  probability: number;
  amount: string;
  n: number;
}
