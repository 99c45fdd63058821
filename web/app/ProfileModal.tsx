import { useState } from 'react';
import { Button, Divider, Group, Modal, Select, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import { ME_KEY, useSession, type Me } from '../lib/session';
import { errorText } from '../ui/errors';
import { ApiTokensCard } from '../modules/users/ApiTokensCard';
import { PasswordCard } from '../modules/users/PasswordCard';
import { TotpCard } from '../modules/users/TotpCard';

/** The user's own name and time zone (the language is switched in the header), password, two-step sign-in, API tokens. */
export function ProfileModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const qc = useQueryClient();
  const [name, setName] = useState(me.user.name);
  const [timeZone, setTimeZone] = useState<string | null>(me.user.timeZone);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const zones = Intl.supportedValuesOf('timeZone');

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const next = await api.patch<Me>('/auth/me', { name, timeZone: timeZone ?? undefined });
      qc.setQueryData(ME_KEY, next);
      onClose();
    } catch (err) {
      setError(isApiError(err) && err.fields.length ? err.fields.map((f) => f.message).join('; ') : errorText(err, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('ui.profile.title')} size="lg">
      <Tabs defaultValue="profile" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="profile">{t('ui.profile.title')}</Tabs.Tab>
          <Tabs.Tab value="security" data-testid="profile-security-tab">
            {t('ui.security.title')}
          </Tabs.Tab>
          <Tabs.Tab value="tokens" data-testid="profile-tokens-tab">
            {t('ui.apiTokens.title')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="security">
          <Stack>
            <TotpCard />
            <Divider />
            <PasswordCard />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="tokens">
          <ApiTokensCard />
        </Tabs.Panel>
        <Tabs.Panel value="profile">
          <Stack>
            <TextInput label={t('ui.profile.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
            <Select
              label={t('ui.profile.timeZone')}
              description={t('ui.profile.timeZoneHint')}
              data={zones}
              value={timeZone}
              onChange={setTimeZone}
              searchable
              allowDeselect={false}
              limit={50}
            />
            {error && (
              <Text c="red" size="sm" data-testid="field-error">
                {error}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('ui.actions.cancel')}
              </Button>
              <Button onClick={() => void save()} loading={saving}>
                {t('ui.actions.save')}
              </Button>
            </Group>
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Modal>
  );
}
