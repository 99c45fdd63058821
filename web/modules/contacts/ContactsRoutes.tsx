import { Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';
import { PageLoader } from '../../ui/Loaders';
import { NotFoundPage } from '../../ui/NotFoundPage';

const ContactsListPage = lazyPage(() => import('./ContactsListPage'), 'ContactsListPage');
const ContactPage = lazyPage(() => import('./ContactPage'), 'ContactPage');
const ContactFormPage = lazyPage(() => import('./ContactFormPage'), 'ContactFormPage');

/** /contacts, /contacts/new, /contacts/:id, /contacts/:id/edit */
export function ContactsRoutes() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route index element={<ContactsListPage />} />
        <Route path="new" element={<ContactFormPage />} />
        <Route path=":id" element={<ContactPage />} />
        <Route path=":id/edit" element={<ContactFormPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}
