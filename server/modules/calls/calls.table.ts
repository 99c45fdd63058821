import type { Generated } from 'kysely';
import type { CallDirection, CallDisposition, CallEventKind, CallStatus, ConnectionProvider } from '../../../contracts/calls.js';

export interface TelephonyLinesTable {
  id: Generated<string>;
  workspace_id: string;
  number: string;
  number_key: string;
  name: string;
  default_user_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type ConnectionStatus = 'pending' | 'connecting' | 'connected' | 'error';

export interface TelephonyConnectionsTable {
  id: Generated<string>;
  workspace_id: string;
  provider: ConnectionProvider;
  /** Asterisk's AMI address and login; null for the cloud PBXs. */
  host: string | null;
  port: number | null;
  username: string | null;
  /** The cloud PBX account's key (Mango vpbx_api_key, Zadarma key); null for Asterisk. */
  account_key: string | null;
  /** AMI secret, Mango's salt or Zadarma's secret, sealed (platform/secrets.ts). */
  secret_sealed: string;
  /** Click-to-call on Asterisk: the channel of a user's phone ({extension} replaced) and the dialplan context. */
  originate_channel: Generated<string>;
  originate_context: Generated<string>;
  status: Generated<ConnectionStatus>;
  error_code: string | null;
  status_at: Generated<Date>;
  connected_at: Date | null;
  last_event_at: Date | null;
  lease_holder: string | null;
  lease_until: Date | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface CallsTable {
  id: Generated<string>;
  workspace_id: string;
  provider: string;
  provider_call_id: string;
  connection_id: string | null;
  direction: CallDirection;
  status: CallStatus;
  from_number: string | null;
  to_number: string | null;
  line: string | null;
  extension: string | null;
  disposition: CallDisposition | null;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  talk_seconds: number | null;
  recording_ref: string | null;
  user_id: string | null;
  contact_id: string | null;
  company_id: string | null;
  matched_number: string | null;
  /** Digits of the external number's E.164 form: call-backs and the unsorted queue find a number's calls by it. */
  number_key: string | null;
  client_owner_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CallLegsTable {
  call_id: string;
  workspace_id: string;
  leg_id: string;
  extension: string | null;
  started_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  disposition: CallDisposition | null;
}

export interface CallLinksTable {
  call_id: string;
  workspace_id: string;
  entity: 'contact' | 'company';
  entity_id: string;
}

export interface CallEventsTable {
  id: Generated<string>;
  workspace_id: string;
  provider: string;
  provider_call_id: string;
  leg_id: string;
  event: CallEventKind;
  call_id: string;
  data: string;
  received_at: Generated<Date>;
}

export interface CallsTables {
  telephony_lines: TelephonyLinesTable;
  telephony_connections: TelephonyConnectionsTable;
  calls: CallsTable;
  call_legs: CallLegsTable;
  call_links: CallLinksTable;
  call_events: CallEventsTable;
  telephony_commands: TelephonyCommandsTable;
}

export type CommandStatus = 'queued' | 'sent' | 'done' | 'failed';

export interface TelephonyCommandsTable {
  id: Generated<string>;
  workspace_id: string;
  connection_id: string;
  user_id: string;
  contact_id: string | null;
  extension: string;
  number: string;
  status: Generated<CommandStatus>;
  error: string | null;
  created_at: Generated<Date>;
  done_at: Date | null;
}
