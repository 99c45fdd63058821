import type { Generated } from 'kysely';

/** One-time passes through a client's credit hold (granted with a reason, used by the next blocked action). */
export interface CreditOverridesTable {
  id: Generated<string>;
  workspace_id: string;
  company_id: string;
  reason: string;
  granted_by: string;
  granted_at: Generated<Date>;
  used_at: Date | null;
  used_by: string | null;
  used_for_kind: 'invoice' | 'deal' | null;
  used_for_id: string | null;
}

export interface CreditTables {
  credit_overrides: CreditOverridesTable;
}
