import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { signIn, useMeQuery } from '../lib/session';
import { AuthFrame } from './AuthFrame';
import { errorText } from '../ui/errors';
import { errorTestProps } from '../ui/forms';

/** Only same-site paths: `?next=` must not send people to another site after sign-in. */
function safeNext(next: string | null) {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { data: me } = useMeQuery();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Second step: the API said TOTP_REQUIRED after a right password; the password stays in memory.
  const [askTotp, setAskTotp] = useState(false);
  const [totpCode, setTotpCode] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me) return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setFieldErrors({});
    setBusy(true);
    try {
      await signIn(qc, email.trim(), password, askTotp ? totpCode.trim() : undefined);
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      if (isApiError(err) && err.code === 'TOTP_REQUIRED') {
        setAskTotp(true);
      } else if (isApiError(err) && err.fields.length) {
        setFieldErrors(Object.fromEntries(err.fields.map((f) => [f.path, f.message])));
      } else {
        setError(errorText(err, t));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('ui.auth.signInTitle')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="login-error">
              {error}
            </Alert>
          )}
          {askTotp ? (
            <>
              <Text size="sm" c="dimmed">
                {t('ui.auth.totpHint')}
              </Text>
              <TextInput
                label={t('ui.auth.totpCode')}
                value={totpCode}
                onChange={(e) => setTotpCode(e.currentTarget.value)}
                error={fieldErrors.totpCode}
                errorProps={errorTestProps}
                inputMode="numeric"
                autoComplete="one-time-code"
                data-testid="login-totp"
                required
                autoFocus
              />
            </>
          ) : (
            <>
              <TextInput
                label={t('ui.auth.email')}
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={fieldErrors.email}
                errorProps={errorTestProps}
                data-testid="login-email"
                required
                autoFocus
              />
              <PasswordInput
                label={t('ui.auth.password')}
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fieldErrors.password}
                errorProps={errorTestProps}
                data-testid="login-password"
                required
              />
            </>
          )}
          <Button type="submit" loading={busy} fullWidth mt="xs" data-testid="login-submit">
            {t('ui.auth.signIn')}
          </Button>
          {askTotp && (
            <Button
              variant="subtle"
              onClick={() => {
                setAskTotp(false);
                setTotpCode('');
                setFieldErrors({});
                setError(null);
              }}
            >
              {t('ui.auth.totpBack')}
            </Button>
          )}
        </Stack>
      </form>
    </AuthFrame>
  );
}
