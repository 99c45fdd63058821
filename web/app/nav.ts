import type { ComponentType } from 'react';
import { IconAddressBook, IconBuildingBank, IconBuildingSkyscraper, IconListCheck, IconUsersGroup, IconWebhook } from '@tabler/icons-react';
import { IconCash, IconFileInvoice, IconFileText, IconReportMoney } from '@tabler/icons-react';
import { IconFileImport } from '@tabler/icons-react';
import { IconCalendarWeek, IconChartBar, IconChecklist, IconLayoutKanban, IconPackage, IconTimeline, IconUsers } from '@tabler/icons-react';
import { IconBook, IconClockHour4, IconDeviceLandlinePhone, IconLifebuoy, IconPhone } from '@tabler/icons-react';
import type { Role } from '../lib/session';

export type NavItem = {
  /** Route of the section; also marks it active for nested pages (`/contacts/123`). */
  to: string;
  /** i18n key of the label. */
  label: string;
  icon: ComponentType<{ size?: number | string; stroke?: number }>;
  testId?: string;
  /** Only these roles see the item (the API enforces access anyway). */
  roles?: readonly Role[];
  group?: 'work' | 'admin';
};

// One line per section, in display order. Only list sections whose routes exist in routes.tsx.
export const navItems: NavItem[] = [
  { to: '/contacts', label: 'ui.nav.contacts', icon: IconAddressBook, testId: 'nav-contacts' },
  { to: '/companies', label: 'ui.nav.companies', icon: IconBuildingSkyscraper, testId: 'nav-companies' },
  { to: '/deals', label: 'salesUi.nav.deals', icon: IconLayoutKanban, testId: 'nav-deals' },
  {
    to: '/invoices',
    label: 'moneyUi.nav.invoices',
    icon: IconFileInvoice,
    testId: 'nav-invoices',
    roles: ['admin', 'director', 'finance', 'head_of_sales', 'manager'],
  },
  { to: '/payments', label: 'moneyUi.nav.payments', icon: IconCash, testId: 'nav-payments', roles: ['admin', 'director', 'finance'] },
  {
    to: '/receivables',
    label: 'moneyUi.nav.receivables',
    icon: IconReportMoney,
    testId: 'nav-receivables',
    roles: ['admin', 'director', 'finance', 'head_of_sales'],
  },
  { to: '/agenda', label: 'salesUi.nav.agenda', icon: IconChecklist, testId: 'nav-agenda' },
  { to: '/calendar', label: 'salesUi.nav.calendar', icon: IconCalendarWeek, testId: 'nav-calendar' },
  { to: '/calls', label: 'callsUi.nav', icon: IconPhone, testId: 'nav-calls' },
  { to: '/tickets', label: 'ticketsUi.nav', icon: IconLifebuoy, testId: 'nav-tickets' },
  { to: '/kb', label: 'kbUi.nav', icon: IconBook, testId: 'nav-kb' },
  { to: '/reports', label: 'salesUi.nav.reports', icon: IconChartBar, testId: 'nav-forecast' },
  { to: '/team', label: 'salesUi.nav.team', icon: IconUsers, testId: 'nav-team', roles: ['head_of_sales', 'director', 'admin'] },
  { to: '/products', label: 'salesUi.nav.products', icon: IconPackage, testId: 'nav-products' },
  { to: '/imports', label: 'importsUi.nav', icon: IconFileImport, testId: 'nav-imports' },
  {
    to: '/bank-statements',
    label: 'bankStatementsUi.nav',
    icon: IconFileImport,
    testId: 'nav-bank-statements',
    roles: ['finance', 'director', 'admin'],
  },
  {
    to: '/admin/pipelines',
    label: 'salesUi.nav.pipelines',
    icon: IconTimeline,
    testId: 'nav-pipelines',
    roles: ['admin', 'director', 'head_of_sales'],
    group: 'admin',
  },
  { to: '/admin/users', label: 'ui.nav.users', icon: IconUsersGroup, testId: 'nav-users', roles: ['admin'], group: 'admin' },
  {
    to: '/admin/legal-entities',
    label: 'legalEntitiesUi.nav',
    icon: IconBuildingBank,
    testId: 'nav-legal-entities',
    roles: ['admin', 'finance', 'director'],
    group: 'admin',
  },
  {
    to: '/admin/templates',
    label: 'moneyUi.nav.templates',
    icon: IconFileText,
    testId: 'nav-templates',
    roles: ['admin', 'finance', 'director'],
    group: 'admin',
  },
  {
    to: '/admin/telephony',
    label: 'callsUi.settings.nav',
    icon: IconDeviceLandlinePhone,
    testId: 'nav-telephony',
    roles: ['admin'],
    group: 'admin',
  },
  { to: '/admin/sla', label: 'slaUi.nav', icon: IconClockHour4, testId: 'nav-sla', roles: ['admin'], group: 'admin' },
  {
    to: '/admin/webhooks',
    label: 'integrationsUi.nav.webhooks',
    icon: IconWebhook,
    testId: 'nav-webhooks',
    roles: ['admin'],
    group: 'admin',
  },
  { to: '/admin/jobs', label: 'integrationsUi.nav.jobs', icon: IconListCheck, testId: 'nav-jobs', roles: ['admin'], group: 'admin' },
];
