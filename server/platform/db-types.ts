import type { PlatformTables } from './platform.table.js';
import type { CompaniesTables } from '../modules/companies/companies.table.js';
import type { ContactsTables } from '../modules/contacts/contacts.table.js';
import type { SearchTables } from './search/search.table.js';
import type { ProductsTables } from '../modules/products/products.table.js';
import type { PipelinesTables } from '../modules/pipelines/pipelines.table.js';
import type { DealsTables } from '../modules/deals/deals.table.js';
import type { ActivitiesTables } from '../modules/activities/activities.table.js';
import type { UsersTables } from '../modules/users/users.table.js';
import type { WebhooksTables } from '../modules/webhooks/webhooks.table.js';
import type { LegalEntitiesTables } from '../modules/legal-entities/legal-entities.table.js';
import type { DocumentsTables } from '../modules/documents/documents.table.js';
import type { InvoicesTables } from '../modules/invoices/invoices.table.js';
import type { TemplatesTables } from '../modules/templates/templates.table.js';
import type { CallsTables } from '../modules/calls/calls.table.js';
import type { ImportsTables } from '../modules/imports/imports.table.js';
import type { ExportsTables } from '../modules/exports/exports.table.js';
import type { LostCallsTables } from '../modules/lost-calls/lost-calls.table.js';
import type { BankStatementsTables } from '../modules/bank-statements/bank-statements.table.js';
import type { TicketsTables } from '../modules/tickets/tickets.table.js';
import type { KbTables } from '../modules/kb/kb.table.js';
import type { ViewsTables } from '../modules/views/views.table.js';
import type { ContractsTables } from '../modules/contracts/contracts.table.js';
import type { CreditTables } from '../modules/credit/credit.table.js';

/** The whole schema as Kysely sees it: one line per module that owns tables. */
export interface Database
  extends
    PlatformTables,
    CompaniesTables,
    ContactsTables,
    SearchTables,
    ProductsTables,
    PipelinesTables,
    DealsTables,
    ActivitiesTables,
    UsersTables,
    WebhooksTables,
    LegalEntitiesTables,
    DocumentsTables,
    InvoicesTables,
    TemplatesTables,
    CallsTables,
    ImportsTables,
    ExportsTables,
    LostCallsTables,
    BankStatementsTables,
    TicketsTables,
    KbTables,
    ViewsTables,
    ContractsTables,
    CreditTables {}
