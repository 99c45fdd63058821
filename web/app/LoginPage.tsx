import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
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
      await signIn(qc, email.trim(), password);
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      if (isApiError(err) && err.fields.length) {
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
          <Button type="submit" loading={busy} fullWidth mt="xs" data-testid="login-submit">
            {t('ui.auth.signIn')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
