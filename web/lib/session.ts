import { useNavigate } from 'react-router';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { meSchema, roles } from '../../contracts/users';
import type { Lang } from '../../contracts/i18n/types';
import { api, isApiError, setCsrfToken } from '../api';
import { applyLanguage } from './i18n';

export type Me = z.infer<typeof meSchema>;
export type Role = (typeof roles)[number];
export const ME_KEY = ['me'] as const;

/** The signed-in session, or null when nobody is signed in (401 is an answer here, not an error). */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/auth/me');
    setCsrfToken(me.csrfToken);
    applyLanguage(me.user.language as Lang);
    return me;
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
}

/** The current session inside the signed-in area (the shell renders nothing there without one). */
export function useSession(): Me {
  const { data } = useMeQuery();
  if (!data) throw new Error('useSession() outside the signed-in area');
  return data;
}

/** Signs in; with TOTP on, the API answers 401 TOTP_REQUIRED until `totpCode` is given. */
export async function signIn(qc: QueryClient, email: string, password: string, totpCode?: string): Promise<Me> {
  const res = await api.post<{ csrfToken: string }>('/auth/login', { email, password, ...(totpCode ? { totpCode } : {}) });
  setCsrfToken(res.csrfToken);
  const me = await fetchMe();
  if (!me) throw new Error('Signed in but the session is missing');
  qc.setQueryData(ME_KEY, me);
  return me;
}

export async function signOut(qc: QueryClient) {
  try {
    await api.post('/auth/logout');
  } finally {
    setCsrfToken(null);
    // Null first (observers see it and show the login page), then forget every record of the session.
    qc.setQueryData(ME_KEY, null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  }
}

/** Drops every cached record of the previous session and shows the login page. */
export function useSignOut() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    await signOut(qc);
    // Plain /login: the next person to sign in on this browser starts from their own home page.
    void navigate('/login', { replace: true });
  };
}

export const hasRole = (me: Me, allowed?: readonly Role[]) => !allowed || allowed.includes(me.user.role);

/**
 * Changes the signed-in user's own profile (name, time zone, language); the session shows it at once.
 * A plain call like signIn: the shell's language switch uses it, and the shell stays small.
 */
export async function updateMe(qc: QueryClient, body: { name?: string; timeZone?: string; language?: Lang }): Promise<Me> {
  const me = await api.patch<Me>('/auth/me', body);
  qc.setQueryData(ME_KEY, me);
  return me;
}

/** First start: creates the workspace and its admin with the one-time setup token. */
export const setupWorkspace = (body: {
  workspaceName: string;
  name: string;
  email: string;
  password: string;
  language: Lang;
  token: string;
}) => api.post('/setup', body);
