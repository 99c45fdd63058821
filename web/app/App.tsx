import { Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryCache, QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { isApiError, setUnauthenticatedHandler } from '../api';
import { theme } from './theme';
import { lazyPage } from '../lib/lazyPage';
import { pageRoutes } from './routes';
import './clientPanels';
import { navItems } from './nav';
import { hasRole, ME_KEY, useMeQuery, type Role } from '../lib/session';
import { FullPageLoader, PageLoader } from '../ui/Loaders';
import { ErrorState } from '../ui/ErrorState';
import { NotFoundPage } from '../ui/NotFoundPage';
import { NoAccessPage } from '../ui/NoAccessPage';

const LoginPage = lazyPage(() => import('./LoginPage'), 'LoginPage');
const SetupPage = lazyPage(() => import('./SetupPage'), 'SetupPage');
const TotpSetupGate = lazyPage(() => import('./TotpSetupGate'), 'TotpSetupGate');
// The signed-in shell (navigation, search, screen pop, reminders) is not on the login page's path.
const AppLayout = lazyPage(() => import('./AppLayout'), 'AppLayout');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx will not heal by retrying; a dropped connection might.
      retry: (count, err) => count < 2 && !(isApiError(err) && err.status >= 400 && err.status < 500),
    },
  },
  queryCache: new QueryCache({
    onError: (err) => {
      if (isApiError(err) && err.status === 401) queryClient.setQueryData(ME_KEY, null);
      // An admin just required TOTP for this role: the session says so, and the shell shows the set-up.
      if (isApiError(err) && err.code === 'TOTP_SETUP_REQUIRED') void queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
  }),
});

function SessionExpiry() {
  const qc = useQueryClient();
  useEffect(() => {
    setUnauthenticatedHandler(() => qc.setQueryData(ME_KEY, null));
    return () => setUnauthenticatedHandler(null);
  }, [qc]);
  return null;
}

/** The signed-in area: without a session, go to the login page and come back afterwards. */
function RequireSession() {
  const { data: me, isPending, error, refetch } = useMeQuery();
  const location = useLocation();
  if (isPending) return <FullPageLoader />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} fullPage />;
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.totpSetupRequired) {
    return (
      <Suspense fallback={<FullPageLoader />}>
        <TotpSetupGate />
      </Suspense>
    );
  }
  return (
    <Suspense fallback={<FullPageLoader />}>
      <AppLayout />
    </Suspense>
  );
}

function Home() {
  const { data: me } = useMeQuery();
  const first = navItems.find((n) => me && hasRole(me, n.roles));
  return <Navigate to={first?.to ?? '/contacts'} replace />;
}

function RoleGate({ roles, children }: { roles?: readonly Role[]; children: React.ReactNode }) {
  const { data: me } = useMeQuery();
  if (me && !hasRole(me, roles)) return <NoAccessPage />;
  return <>{children}</>;
}

function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Suspense fallback={<FullPageLoader />}>
            <LoginPage />
          </Suspense>
        }
      />
      <Route
        path="/setup"
        element={
          <Suspense fallback={<FullPageLoader />}>
            <SetupPage />
          </Suspense>
        }
      />
      <Route element={<RequireSession />}>
        <Route index element={<Home />} />
        {pageRoutes.map(({ path, page: Page, roles }) => (
          <Route
            key={path}
            path={path}
            element={
              <RoleGate roles={roles}>
                <Suspense fallback={<PageLoader />}>
                  <Page />
                </Suspense>
              </RoleGate>
            }
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <Notifications position="bottom-right" limit={4} />
        <SessionExpiry />
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
