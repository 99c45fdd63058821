import { Navigate, Route, Routes } from 'react-router';
import { TicketPage } from './TicketPage';
import { TicketsQueuePage } from './TicketsQueuePage';

/** /tickets: the queue; /tickets/:id: one ticket. */
export function TicketsRoutes() {
  return (
    <Routes>
      <Route index element={<TicketsQueuePage />} />
      <Route path=":id" element={<TicketPage />} />
      <Route path="*" element={<Navigate to="/tickets" replace />} />
    </Routes>
  );
}
