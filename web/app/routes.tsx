import type { ComponentType, LazyExoticComponent } from 'react';
import { lazyPage } from '../lib/lazyPage';
import type { Role } from '../lib/session';

export type PageRoute = {
  /** Path under the signed-in layout; `section/*` lets a module route its own sub-pages. */
  path: string;
  page: LazyExoticComponent<ComponentType>;
  roles?: readonly Role[];
};

// One line per module; each module routes its own list/detail/edit pages.
export const pageRoutes: PageRoute[] = [
  { path: 'contacts/*', page: lazyPage(() => import('../modules/contacts/ContactsRoutes'), 'ContactsRoutes') },
  { path: 'companies/*', page: lazyPage(() => import('../modules/companies/CompaniesRoutes'), 'CompaniesRoutes') },
  { path: 'deals/*', page: lazyPage(() => import('../modules/deals/DealsRoutes'), 'DealsRoutes') },
  {
    path: 'invoices/*',
    page: lazyPage(() => import('../modules/invoices/InvoicesRoutes'), 'InvoicesRoutes'),
    roles: ['admin', 'director', 'finance', 'head_of_sales', 'manager'],
  },
  {
    path: 'payments',
    page: lazyPage(() => import('../modules/invoices/PaymentsListPage'), 'PaymentsListPage'),
    roles: ['admin', 'director', 'finance'],
  },
  {
    path: 'receivables',
    page: lazyPage(() => import('../modules/invoices/ReceivablesPage'), 'ReceivablesPage'),
    roles: ['admin', 'director', 'finance', 'head_of_sales'],
  },
  { path: 'contracts/*', page: lazyPage(() => import('../modules/contracts/ContractsRoutes'), 'ContractsRoutes') },
  { path: 'agenda', page: lazyPage(() => import('../modules/agenda/AgendaPage'), 'AgendaPage') },
  { path: 'calendar', page: lazyPage(() => import('../modules/calendar/CalendarPage'), 'CalendarPage') },
  { path: 'calls/*', page: lazyPage(() => import('../modules/calls/CallsRoutes'), 'CallsRoutes') },
  { path: 'tickets/*', page: lazyPage(() => import('../modules/tickets/TicketsRoutes'), 'TicketsRoutes') },
  { path: 'kb/*', page: lazyPage(() => import('../modules/kb/KbRoutes'), 'KbRoutes') },
  { path: 'reports/*', page: lazyPage(() => import('../modules/reports/ReportsRoutes'), 'ReportsRoutes') },
  { path: 'team', page: lazyPage(() => import('../modules/control/TeamPage'), 'TeamPage'), roles: ['head_of_sales', 'director', 'admin'] },
  { path: 'products', page: lazyPage(() => import('../modules/products/ProductsPage'), 'ProductsPage') },
  { path: 'imports', page: lazyPage(() => import('../modules/imports/ImportsPage'), 'ImportsPage') },
  {
    path: 'admin/pipelines',
    page: lazyPage(() => import('../modules/pipelines/PipelinesSettingsPage'), 'PipelinesSettingsPage'),
    roles: ['admin', 'director', 'head_of_sales'],
  },
  { path: 'admin/users', page: lazyPage(() => import('../modules/users/UsersAdminPage'), 'UsersAdminPage'), roles: ['admin'] },
  {
    path: 'admin/legal-entities',
    page: lazyPage(() => import('../modules/legal-entities/LegalEntitiesPage'), 'LegalEntitiesPage'),
    roles: ['admin', 'finance', 'director'],
  },
  {
    path: 'admin/templates',
    page: lazyPage(() => import('../modules/templates/TemplatesPage'), 'TemplatesPage'),
    roles: ['admin', 'finance', 'director'],
  },
  {
    path: 'bank-statements/*',
    page: lazyPage(() => import('../modules/bank-statements/BankStatementsRoutes'), 'BankStatementsRoutes'),
    roles: ['finance', 'director', 'admin'],
  },
  {
    path: 'admin/telephony',
    page: lazyPage(() => import('../modules/calls/TelephonySettingsPage'), 'TelephonySettingsPage'),
    roles: ['admin'],
  },
  { path: 'admin/sla', page: lazyPage(() => import('../modules/tickets/SlaSettingsPage'), 'SlaSettingsPage'), roles: ['admin'] },
  { path: 'admin/webhooks', page: lazyPage(() => import('../modules/webhooks/WebhooksPage'), 'WebhooksPage'), roles: ['admin'] },
  { path: 'admin/jobs', page: lazyPage(() => import('../modules/jobs/JobsPage'), 'JobsPage'), roles: ['admin'] },
];
