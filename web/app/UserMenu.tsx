import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { Avatar, Box, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout, IconSettings, IconUsersGroup } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession, useSignOut } from '../lib/session';
import { initials } from '../lib/format';

// Opened rarely: kept out of the initial bundle.
const ProfileModal = lazy(() => import('./ProfileModal').then((m) => ({ default: m.ProfileModal })));

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
              <Avatar color="orbit" radius="xl" size={32}>
                {initials(me.user.name)}
              </Avatar>
              <Text size="sm" fw={500} visibleFrom="md" maw={160} truncate>
                {me.user.name}
              </Text>
              <Box visibleFrom="sm">
                <IconChevronDown size={14} style={{ opacity: 0.6, display: 'block' }} />
              </Box>
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
              {me.user.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {me.user.email}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`ui.roles.${me.user.role}`)}
            </Text>
          </Menu.Label>
          <Menu.Divider />
          <Menu.Item leftSection={<IconSettings size={16} />} onClick={() => setProfileOpen(true)} data-testid="open-profile">
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
      {profileOpen && (
        <Suspense fallback={null}>
          <ProfileModal opened onClose={() => setProfileOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
