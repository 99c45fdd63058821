import { Navigate, Route, Routes } from 'react-router';
import { TicketsQueuePage } from './TicketsQueuePage';

/** /tickets: the queue. */
export function TicketsRoutes() {
  return (
    <Routes>
      <Route index element={<TicketsQueuePage />} />
      <Route path="*" element={<Navigate to="/tickets" replace />} />
    </Routes>
  );
}
