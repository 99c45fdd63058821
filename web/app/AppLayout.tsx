import { useEffect } from 'react';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { ActionIcon, AppShell, Box, Burger, Divider, Group, NavLink, ScrollArea, Text, Tooltip } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { useDisclosure } from '@mantine/hooks';
import { IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { navItems, type NavItem } from './nav';
import { hasRole, useSession, useSignOut } from '../lib/session';
import { GlobalSearch } from './GlobalSearch';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';
import { Logo } from './Logo';
import { ReminderListener } from '../modules/activities/ReminderListener';
import { ScreenPop } from '../modules/screenpop/ScreenPop';

function NavSection({ items, onNavigate }: { items: NavItem[]; onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return items.map((item) => {
    const Icon = item.icon;
    const active = pathname === item.to || pathname.startsWith(`${item.to}/`);
    return (
      <NavLink
        key={item.to}
        component={RouterLink}
        to={item.to}
        label={t(item.label)}
        leftSection={<Icon size={20} stroke={1.6} />}
        active={active}
        data-testid={item.testId}
        onClick={onNavigate}
        styles={{ root: { borderRadius: 'var(--mantine-radius-md)' }, label: { fontWeight: 500 } }}
      />
    );
  });
}

/**
 * The signed-in shell: header (search, language, user), section navigation, page outlet. Date
 * pickers follow the interface language; they live in the signed-in pages only, so they load with them.
 */
export function AppLayout() {
  const { i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: i18n.language === 'en' ? 0 : 1 }}>
      <Shell />
    </DatesProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const me = useSession();
  const signOut = useSignOut();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  useEffect(close, [pathname, close]);

  const visible = navItems.filter((n) => hasRole(me, n.roles));
  const work = visible.filter((n) => (n.group ?? 'work') === 'work');
  const admin = visible.filter((n) => n.group === 'admin');

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} gap="sm" wrap="nowrap">
          <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('ui.layout.menu')} />
          <Box w={{ base: 'auto', sm: 200 }} style={{ flexShrink: 0 }}>
            <RouterLink to="/" style={{ color: 'inherit', textDecoration: 'none' }} aria-label="Orbita">
              <Box visibleFrom="xs">
                <Logo />
              </Box>
              <Box hiddenFrom="xs">
                <Logo withText={false} />
              </Box>
            </RouterLink>
          </Box>
          <Box style={{ flex: 1, minWidth: 0 }} maw={560}>
            <GlobalSearch />
          </Box>
          <Group gap={6} ml="auto" wrap="nowrap">
            <LanguageSwitch />
            <UserMenu />
            <Tooltip label={t('ui.auth.logout')}>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                onClick={() => void signOut()}
                aria-label={t('ui.auth.logout')}
                data-testid="logout"
              >
                <IconLogout size={20} stroke={1.6} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          <NavSection items={work} onNavigate={close} />
        </AppShell.Section>
        {admin.length > 0 && (
          <AppShell.Section>
            <Divider my="xs" />
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} px="sm" pb={4}>
              {t('ui.nav.admin')}
            </Text>
            <NavSection items={admin} onNavigate={close} />
          </AppShell.Section>
        )}
        <AppShell.Section>
          <Divider my="xs" />
          <Text size="xs" c="dimmed" px="sm" truncate>
            {me.workspace.name}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <ReminderListener />
      <ScreenPop />
      <AppShell.Main>
        <Box maw={1600} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
