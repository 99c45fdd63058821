import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../ui/NotFoundPage';
import { InvoicePage } from './InvoicePage';
import { InvoicesListPage } from './InvoicesListPage';

/** /invoices and /invoices/:id */
export function InvoicesRoutes() {
  return (
    <Routes>
      <Route index element={<InvoicesListPage />} />
      <Route path=":id" element={<InvoicePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
