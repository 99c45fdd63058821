import type { ComponentType } from 'react';
import { IconAddressBook, IconBuildingSkyscraper, IconUsersGroup } from '@tabler/icons-react';
import type { Role } from './session';

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
  { to: '/admin/users', label: 'ui.nav.users', icon: IconUsersGroup, testId: 'nav-users', roles: ['admin'], group: 'admin' },
];

/** Where a record of a given type opens (search results, duplicates, timeline references). */
export const recordPaths: Record<string, (id: string) => string> = {
  contact: (id) => `/contacts/${id}`,
  company: (id) => `/companies/${id}`,
};
