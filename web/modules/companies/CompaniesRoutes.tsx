import { Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';
import { PageLoader } from '../../ui/Loaders';
import { NotFoundPage } from '../../ui/NotFoundPage';

const CompaniesListPage = lazyPage(() => import('./CompaniesListPage'), 'CompaniesListPage');
const CompanyPage = lazyPage(() => import('./CompanyPage'), 'CompanyPage');
const CompanyFormPage = lazyPage(() => import('./CompanyFormPage'), 'CompanyFormPage');

/** /companies, /companies/new, /companies/:id, /companies/:id/edit */
export function CompaniesRoutes() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route index element={<CompaniesListPage />} />
        <Route path="new" element={<CompanyFormPage />} />
        <Route path=":id" element={<CompanyPage />} />
        <Route path=":id/edit" element={<CompanyFormPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}
