import { useEffect, useState } from 'react';
import { Button, Card, Group, MultiSelect, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { roles } from '../../../contracts/users';
import type { Role } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { useSecuritySettings, useUpdateSecuritySettings } from './security.api';

/** Admin: the roles whose users must use two-step sign-in. */
export function SecurityRolesCard() {
  const { t } = useTranslation();
  const settings = useSecuritySettings();
  const update = useUpdateSecuritySettings();
  const [value, setValue] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const saved = settings.data?.totpRequiredRoles;
  useEffect(() => {
    if (saved) setValue(saved);
  }, [saved]);
  const dirty = JSON.stringify([...(saved ?? [])].sort()) !== JSON.stringify([...value].sort());

  const save = () => {
    setError(null);
    update.mutate(
      { totpRequiredRoles: value as Role[] },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t('ui.security.saved') }),
        onError: (e) => setError(errorText(e, t)),
      },
    );
  };

  return (
    <Card data-testid="security-roles">
      <Stack gap="sm">
        <Text fw={600}>{t('ui.security.title')}</Text>
        <MultiSelect
          label={t('ui.security.requiredRoles')}
          description={t('ui.security.requiredRolesHint')}
          data={roles.map((r) => ({ value: r, label: t(`ui.roles.${r}`) }))}
          value={value}
          onChange={setValue}
          error={error}
          disabled={settings.isPending}
          clearable
          data-testid="totp-required-roles"
        />
        <Group justify="flex-end">
          <Button onClick={save} disabled={!dirty} loading={update.isPending} data-testid="security-save">
            {t('ui.actions.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
