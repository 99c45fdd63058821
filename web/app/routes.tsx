import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from './session';

export type PageRoute = {
  /** Path under the signed-in layout; `section/*` lets a module route its own sub-pages. */
  path: string;
  page: LazyExoticComponent<ComponentType>;
  roles?: readonly Role[];
};

/** A code-split page from a module's named export (modules use named exports, React.lazy wants default). */
export function lazyPage<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

// One line per module; each module routes its own list/detail/edit pages.
export const pageRoutes: PageRoute[] = [
  { path: 'contacts/*', page: lazyPage(() => import('../modules/contacts/ContactsRoutes'), 'ContactsRoutes') },
  { path: 'companies/*', page: lazyPage(() => import('../modules/companies/CompaniesRoutes'), 'CompaniesRoutes') },
  { path: 'admin/users', page: lazyPage(() => import('../modules/users/UsersAdminPage'), 'UsersAdminPage'), roles: ['admin'] },
];
