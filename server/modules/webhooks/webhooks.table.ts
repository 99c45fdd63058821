import type { Generated } from 'kysely';
import type { Timestamp } from '../../platform/platform.table.js';

export interface WebhooksTable {
  id: Generated<string>;
  workspace_id: string;
  owner_id: string;
  url: string;
  events: string[];
  secret: string;
  is_active: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Timestamp | null;
}

export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  seq: Generated<string>;
  workspace_id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  response_code: number | null;
  last_error: string | null;
  job_id: string | null;
  created_at: Generated<Date>;
  last_attempt_at: Timestamp | null;
  delivered_at: Timestamp | null;
}

export interface WebhooksTables {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
