import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Avatar, Button, Group, Menu, Modal, Select, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout, IconSettings, IconUsersGroup } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import { ME_KEY, useSession, useSignOut, type Me } from './session';
import { initials } from '../ui/format';
import { errorText } from '../ui/errors';

function ProfileModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
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
    <Modal opened={opened} onClose={onClose} title={t('ui.profile.title')}>
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
        {error && <Text c="red" size="sm" data-testid="field-error">{error}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('ui.actions.cancel')}</Button>
          <Button onClick={() => void save()} loading={saving}>{t('ui.actions.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function UserMenu() {
  const { t } = useTranslation();
  const me = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [profileOpen, setProfileOpen] = useState(false);

  return (
    <>
      <Menu position="bottom-end" width={240} shadow="md">
        <Menu.Target>
          <UnstyledButton aria-label={t('ui.layout.userMenu')} data-testid="user-menu">
            <Group gap={6} wrap="nowrap">
              <Avatar color="orbit" radius="xl" size={32}>{initials(me.user.name)}</Avatar>
              <Text size="sm" fw={500} visibleFrom="md" maw={160} truncate>{me.user.name}</Text>
              <IconChevronDown size={14} style={{ opacity: 0.6 }} />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>{me.user.name}</Text>
            <Text size="xs" c="dimmed" truncate>{me.user.email}</Text>
            <Text size="xs" c="dimmed">{t(`ui.roles.${me.user.role}`)}</Text>
          </Menu.Label>
          <Menu.Divider />
          <Menu.Item leftSection={<IconSettings size={16} />} onClick={() => setProfileOpen(true)}>
            {t('ui.profile.title')}
          </Menu.Item>
          {me.user.role === 'admin' && (
            <Menu.Item leftSection={<IconUsersGroup size={16} />} onClick={() => void navigate('/admin/users')}>
              {t('ui.nav.users')}
            </Menu.Item>
          )}
          <Menu.Divider />
          <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={() => void signOut()}>
            {t('ui.auth.logout')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {profileOpen && <ProfileModal opened onClose={() => setProfileOpen(false)} />}
    </>
  );
}
