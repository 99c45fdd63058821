import type { ColumnType, Generated } from 'kysely';

export type ActivityType = 'call' | 'meeting' | 'visit' | 'exhibition' | 'email' | 'letter' | 'task';

export interface ActivitiesTable {
  id: Generated<string>;
  workspace_id: string;
  type: ActivityType;
  subject: string;
  notes: string | null;
  outcome: string | null;
  due_at: Date;
  duration_minutes: number | null;
  done: Generated<boolean>;
  done_at: Date | null;
  contact_id: string | null;
  company_id: string | null;
  deal_id: string | null;
  owner_id: string;
  participant_user_ids: ColumnType<string[], string[] | undefined, string[]>;
  participant_contact_ids: ColumnType<string[], string[] | undefined, string[]>;
  reminded_at: Date | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

/** Read model: last real contact per contact (maintained by this module only). */
export interface ContactActivityStatsTable {
  contact_id: string;
  workspace_id: string;
  last_done_at: Date | null;
}

export interface ActivitiesTables {
  activities: ActivitiesTable;
  contact_activity_stats: ContactActivityStatsTable;
}
