import type { Generated } from 'kysely';

/** The call-back task made for a missed call (several missed calls of one client may share one). */
export interface CallBackTasksTable {
  call_id: string;
  workspace_id: string;
  activity_id: string;
  created_at: Generated<Date>;
}

export interface LostCallsTables {
  call_back_tasks: CallBackTasksTable;
}
