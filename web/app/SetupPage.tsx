import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { languages, type Lang } from '../../contracts/i18n/types';
import { setupWorkspace, signIn } from '../lib/session';
import { applyLanguage } from '../lib/i18n';
import { AuthFrame } from './AuthFrame';
import { errorText } from '../ui/errors';
import { fieldProps, showSaveError } from '../ui/forms';

const languageNames: Record<Lang, string> = { ru: 'Русский', bg: 'Български', en: 'English' };

/** First start: the one-time link printed by the server creates the workspace and its admin. */
export function SetupPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { workspaceName: '', name: '', email: '', password: '', language: i18n.language as Lang },
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await setupWorkspace({ ...values, token });
      applyLanguage(values.language);
      await signIn(qc, values.email, values.password);
      void navigate('/', { replace: true });
    } catch (err) {
      setError(showSaveError(form, err, (e) => errorText(e, t)));
    }
  });

  if (!token) {
    return (
      <AuthFrame title={t('ui.setup.title')}>
        <Alert color="orange" variant="light" icon={<IconAlertCircle size={18} />}>
          {t('ui.setup.noToken')}
        </Alert>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('ui.setup.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('ui.setup.intro')}
          </Text>
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />}>
              {error}
            </Alert>
          )}
          <TextInput label={t('ui.setup.workspaceName')} required {...fieldProps(form, 'workspaceName')} />
          <TextInput label={t('ui.setup.name')} required autoComplete="name" {...fieldProps(form, 'name')} />
          <TextInput label={t('ui.auth.email')} type="email" required autoComplete="username" {...fieldProps(form, 'email')} />
          <PasswordInput
            label={t('ui.auth.password')}
            description={t('ui.setup.passwordHint')}
            required
            autoComplete="new-password"
            {...fieldProps(form, 'password')}
          />
          <Select
            label={t('ui.layout.language')}
            data={languages.map((l) => ({ value: l, label: languageNames[l] }))}
            allowDeselect={false}
            {...fieldProps(form, 'language')}
            onChange={(v) => {
              if (!v) return;
              form.setFieldValue('language', v as Lang);
              applyLanguage(v as Lang);
            }}
          />
          <Button type="submit" loading={form.submitting} fullWidth>
            {t('ui.setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
