import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ApiToken, createdApiTokenSchema, securitySettingsSchema, totpEnabledSchema, totpSetupSchema } from '../../../contracts/auth';
import { api } from '../../api';
import { ME_KEY } from '../../lib/session';

export type { ApiToken };
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

const tokensKey = ['api-tokens'] as const;
const settingsKey = ['settings', 'security'] as const;

/** Refetches the session: TOTP state and "set-up required" live in /auth/me. */
export function useRefreshMe() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ME_KEY });
}

export function useTotpSetup() {
  return useMutation({ mutationFn: () => api.post<z.infer<typeof totpSetupSchema>>('/auth/totp/setup') });
}

/**
 * The session is refreshed (useRefreshMe) when the user closes the recovery codes, not on success:
 * the set-up gate would otherwise unmount the dialog that shows them.
 */
export function useTotpEnable() {
  return useMutation({
    mutationFn: (code: string) => api.post<z.infer<typeof totpEnabledSchema>>('/auth/totp/enable', { code }),
  });
}

export function useTotpDisable() {
  const refresh = useRefreshMe();
  return useMutation({
    mutationFn: (code: string) => api.post<void>('/auth/totp/disable', { code }),
    onSuccess: () => refresh(),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<void>('/auth/me/password', body),
  });
}

export function useApiTokens() {
  return useQuery({ queryKey: tokensKey, queryFn: ({ signal }) => api.get<{ items: ApiToken[] }>('/api-tokens', undefined, signal) });
}

export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; expiresAt?: string }) => api.post<CreatedApiToken>('/api-tokens', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/api-tokens/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useSecuritySettings() {
  return useQuery({ queryKey: settingsKey, queryFn: ({ signal }) => api.get<SecuritySettings>('/settings/security', undefined, signal) });
}

export function useUpdateSecuritySettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SecuritySettings) => api.patch<SecuritySettings>('/settings/security', body),
    onSuccess: (data) => {
      qc.setQueryData(settingsKey, data);
      void qc.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}
