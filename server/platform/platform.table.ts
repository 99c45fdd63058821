import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T> = ColumnType<T, string | T | undefined, string | T>;

export type Role = 'admin' | 'director' | 'head_of_sales' | 'manager' | 'finance' | 'marketing' | 'operator';

export interface WorkspacesTable {
  id: Generated<string>;
  name: string;
  default_language: Generated<string>;
  default_currency: Generated<string>;
  time_zone: Generated<string>;
  /** Roles whose users must turn on TOTP before they may use anything but the setup. */
  totp_required_roles: Generated<Role[]>;
  /** A missed call of a known client makes a call-back task for its owner (lost calls, issue 8 T2). */
  call_back_tasks: Generated<boolean>;
  kb_editor_roles: Generated<string[]>;
  created_at: Generated<Date>;
}

export interface TeamsTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  lead_id: string | null;
  created_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface UsersTable {
  id: Generated<string>;
  workspace_id: string;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  team_id: string | null;
  language: Generated<'ru' | 'bg' | 'en'>;
  time_zone: Generated<string>;
  capacity: number | null;
  /** The user's phone on the PBX (calls module). */
  extension: string | null;
  is_active: Generated<boolean>;
  calendar_token: string | null;
  totp_secret: Generated<string | null>;
  totp_pending_secret: Generated<string | null>;
  totp_enabled_at: Generated<Date | null>;
  totp_last_step: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  workspace_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Date;
  last_seen_at: Generated<Date>;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: boolean;
  outcome: Generated<'pending' | 'failed' | 'succeeded' | 'totp_required'>;
  at: Generated<Date>;
}

export interface SetupTokensTable {
  token: string;
  created_at: Generated<Date>;
  used_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  workspace_id: string;
  entity: string;
  entity_id: string;
  action: string;
  user_id: string | null;
  at: Generated<Date>;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  changes: Json<unknown> | null;
  /** How the author was signed in; 'api_token' names the token in api_token_id. */
  via: Generated<'session' | 'api_token' | null>;
  api_token_id: Generated<string | null>;
}

export interface RecordSharesTable {
  workspace_id: string;
  entity: string;
  entity_id: string;
  user_id: string;
  created_at: Generated<Date>;
}

export interface TimelineEventsTable {
  id: Generated<string>;
  workspace_id: string;
  entity: string;
  entity_id: string;
  kind: string;
  occurred_at: Generated<Date>;
  user_id: string | null;
  ref_entity: string | null;
  ref_id: string | null;
  body: string | null;
  data: Json<Record<string, unknown>>;
  deleted_at: Date | null;
}

export interface PlatformTables {
  workspaces: WorkspacesTable;
  teams: TeamsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  setup_tokens: SetupTokensTable;
  audit_log: AuditLogTable;
  record_shares: RecordSharesTable;
  timeline_events: TimelineEventsTable;
}
