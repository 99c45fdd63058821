import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../ui/NotFoundPage';
import { ContractPage } from './ContractPage';

/** /contracts/:id (a client's contracts are listed on its page). */
export function ContractsRoutes() {
  return (
    <Routes>
      <Route path=":id" element={<ContractPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
