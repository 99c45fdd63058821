import type { Migration } from 'kysely';
import * as m0001 from './0001_platform.js';
import * as m0002 from './0002_counterparties.js';
import * as m0003 from './0003_sales.js';
import * as m0004 from './0004_activities.js';
import * as m0005 from './0005_auth.js';
import * as m0006 from './0006_webhooks.js';
import * as m0007 from './0007_legal_entities.js';
import * as m0008 from './0008_documents.js';
import * as m0009 from './0009_invoices.js';
import * as m0010 from './0010_secret_key.js';
import * as m0011 from './0011_templates.js';
import * as m0012 from './0012_calls.js';
import * as m0014 from './0014_bank_statements.js';
import * as m0015 from './0015_invoice_mailings.js';
import * as m0016 from './0016_imports.js';
import * as m0017 from './0017_exports.js';
import * as m0018 from './0018_lost_calls.js';
import * as m0019 from './0019_cloud_pbx.js';
import * as m0020 from './0020_calls_open.js';
import * as m0021 from './0021_click_to_call.js';
import * as m0022 from './0022_contracts.js';
import * as m0023 from './0023_knowledge_base.js';
import * as m0024 from './0024_tickets.js';
import * as m0028 from './0028_list_tools.js';
import * as m0029 from './0029_deal_search.js';

/**
 * Every migration, in order. A static list (not a folder scan) so the bundle, tsx and tests all
 * see the same set. Add new ones at the end; never edit or reorder shipped ones.
 */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_counterparties': m0002,
  '0003_sales': m0003,
  '0004_activities': m0004,
  '0005_auth': m0005,
  '0006_webhooks': m0006,
  '0007_legal_entities': m0007,
  '0008_documents': m0008,
  '0009_invoices': m0009,
  '0010_secret_key': m0010,
  '0011_templates': m0011,
  '0012_calls': m0012,
  // In the order of their names, as the database lists them (a backup compares the two).
  '0014_bank_statements': m0014,
  '0015_invoice_mailings': m0015,
  '0016_imports': m0016,
  '0017_exports': m0017,
  '0018_lost_calls': m0018,
  '0019_cloud_pbx': m0019,
  '0020_calls_open': m0020,
  '0021_click_to_call': m0021,
  '0022_contracts': m0022,
  '0023_knowledge_base': m0023,
  '0024_tickets': m0024,
  '0028_list_tools': m0028,
  '0029_deal_search': m0029,
};
