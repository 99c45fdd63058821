import { useState } from 'react';
import { Alert, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../ui/errors';
import { fieldProps, showSaveError } from '../../ui/forms';
import { useChangePassword } from './security.api';

/** Change the own password; the server's field messages (length, strength, personal data) show under the inputs. */
export function PasswordCard() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { currentPassword: '', newPassword: '' } });

  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      await change.mutateAsync(v);
      form.reset();
      notifications.show({ color: 'teal', message: t('ui.security.passwordChanged') });
    } catch (err) {
      setError(showSaveError(form, err, (e) => errorText(e, t)));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text fw={600}>{t('ui.security.passwordTitle')}</Text>
        {error && (
          <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
            {error}
          </Alert>
        )}
        <PasswordInput
          label={t('ui.security.currentPassword')}
          autoComplete="current-password"
          {...fieldProps(form, 'currentPassword')}
          data-testid="current-password"
        />
        <PasswordInput
          label={t('ui.security.newPassword')}
          description={t('ui.setup.passwordHint')}
          autoComplete="new-password"
          {...fieldProps(form, 'newPassword')}
          data-testid="new-password"
        />
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending} data-testid="change-password">
            {t('ui.security.changePassword')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
