import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../ui/NotFoundPage';
import { DealPage } from './DealPage';
import { DealsBoardPage } from './DealsBoardPage';
import { DealsListPage } from './DealsListPage';

/** /deals (board), /deals/list, /deals/:id */
export function DealsRoutes() {
  return (
    <Routes>
      <Route index element={<DealsBoardPage />} />
      <Route path="list" element={<DealsListPage />} />
      <Route path=":id" element={<DealPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
