import type { Generated } from 'kysely';

/** A saved view of a list (migration 0028): the owner's, or shared with a team when team_id is set. */
export interface ListViewsTable {
  id: Generated<string>;
  workspace_id: string;
  owner_id: string;
  list: string;
  name: string;
  filters: Generated<Record<string, string>>;
  sort: string | null;
  columns: string[] | null;
  team_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A user's column choice for a list shown without a view. */
export interface ListPreferencesTable {
  user_id: string;
  list: string;
  workspace_id: string;
  columns: string[];
  updated_at: Generated<Date>;
}

export interface ViewsTables {
  list_views: ListViewsTable;
  list_preferences: ListPreferencesTable;
}
