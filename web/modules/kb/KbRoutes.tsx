import { Navigate, Route, Routes } from 'react-router';
import { KbArticlePage } from './KbArticlePage';
import { KbEditorPage } from './KbEditorPage';
import { KbListPage } from './KbListPage';

/** /kb: search and list; /kb/new, /kb/:id, /kb/:id/edit. */
export function KbRoutes() {
  return (
    <Routes>
      <Route index element={<KbListPage />} />
      <Route path="new" element={<KbEditorPage />} />
      <Route path=":id" element={<KbArticlePage />} />
      <Route path=":id/edit" element={<KbEditorPage />} />
      <Route path="*" element={<Navigate to="/kb" replace />} />
    </Routes>
  );
}
