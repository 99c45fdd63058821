import { Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';
import { PageLoader } from '../../ui/Loaders';
import { NotFoundPage } from '../../ui/NotFoundPage';

const BankStatementsPage = lazyPage(() => import('./BankStatementsPage'), 'BankStatementsPage');
const StatementPage = lazyPage(() => import('./StatementPage'), 'StatementPage');

/** /bank-statements (import, queue, history) and /bank-statements/:id */
export function BankStatementsRoutes() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route index element={<BankStatementsPage />} />
        <Route path=":id" element={<StatementPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}
