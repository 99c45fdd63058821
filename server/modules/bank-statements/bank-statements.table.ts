import type { ColumnType, Generated } from 'kysely';
import type { Json } from '../../platform/platform.table.js';

type DateColumn = ColumnType<string | null, string | null, string | null>;

export type StatementDirection = 'incoming' | 'outgoing' | 'other';
export type StatementDocState = 'matched' | 'unmatched' | 'ignored' | 'outgoing' | 'other' | 'duplicate';
export type MatchRule = 'invoice_number' | 'inn_amount' | 'account_amount' | 'manual' | 'new_client';

export type StoredBalance = {
  account: string;
  dateFrom: string | null;
  dateTo: string | null;
  opening: string | null;
  received: string | null;
  spent: string | null;
  closing: string | null;
};

export interface BankStatementsTable {
  id: Generated<string>;
  workspace_id: string;
  file_name: string | null;
  file_sha256: string;
  format_version: string | null;
  encoding: string;
  sender: string | null;
  receiver: string | null;
  created_on: DateColumn;
  date_from: DateColumn;
  date_to: DateColumn;
  accounts: string[];
  balances: Json<StoredBalance[]>;
  legal_entity_id: string | null;
  documents: number;
  incoming: number;
  outgoing: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  uploaded_by: string | null;
  created_at: Generated<Date>;
}

export interface BankStatementDocumentsTable {
  id: Generated<string>;
  workspace_id: string;
  statement_id: string;
  position: number;
  line: number;
  identity: string;
  duplicate_of: string | null;
  direction: StatementDirection;
  state: StatementDocState;
  doc_type: string | null;
  number: string;
  date: DateColumn;
  amount: string;
  currency: string;
  payer_account: string;
  payer_inn: string;
  payer_kpp: string;
  payer_name: string;
  payer_bik: string;
  payer_bank: string;
  recipient_account: string;
  recipient_inn: string;
  recipient_kpp: string;
  recipient_name: string;
  recipient_bik: string;
  recipient_bank: string;
  debited_on: DateColumn;
  credited_on: DateColumn;
  purpose: string;
  fields: Json<Record<string, string>>;
  match_rule: MatchRule | null;
  company_id: string | null;
  payment_id: string | null;
  suggested_company_id: string | null;
  ignore_reason: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  version: Generated<number>;
}

export interface BankStatementsTables {
  bank_statements: BankStatementsTable;
  bank_statement_documents: BankStatementDocumentsTable;
}
