import type { ColumnType, Generated } from 'kysely';
import type { SlaSegment, TicketChannel, TicketPriority, TicketStatus, WorkingInterval } from '../../../contracts/tickets.js';

export interface TicketsTable {
  id: Generated<string>;
  workspace_id: string;
  subject: string;
  description: string | null;
  company_id: string | null;
  contact_id: string | null;
  channel: TicketChannel;
  status: Generated<TicketStatus>;
  priority: TicketPriority;
  segment: SlaSegment;
  assignee_id: string | null;
  due_at: Date;
  due_at_manual: Generated<boolean>;
  response_due_at: Date;
  first_response_at: Date | null;
  paused_at: Date | null;
  paused_minutes: Generated<number>;
  product_ids: ColumnType<string[], string[] | undefined, string[]>;
  category: string | null;
  call_id: string | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  satisfaction_score: number | null;
  satisfaction_comment: string | null;
  satisfaction_at: Date | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TicketCommentsTable {
  id: Generated<string>;
  workspace_id: string;
  ticket_id: string;
  author_id: string | null;
  body: string;
  internal: boolean;
  created_at: Generated<Date>;
}

export interface TicketCalendarsTable {
  workspace_id: string;
  week: ColumnType<WorkingInterval[][], string, string>;
  holidays: ColumnType<string[], string[], string[]>;
  updated_at: Generated<Date>;
}

export interface SlaRulesTable {
  workspace_id: string;
  priority: TicketPriority;
  segment: SlaSegment;
  response_minutes: number;
  resolution_minutes: number;
}

export interface TicketsTables {
  tickets: TicketsTable;
  ticket_comments: TicketCommentsTable;
  ticket_calendars: TicketCalendarsTable;
  sla_rules: SlaRulesTable;
}
