import type { ReactNode } from 'react';
import { Box, Center, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Logo } from './Logo';
import { LanguageSwitch } from './LanguageSwitch';

/** Centered card for the signed-out pages (login, first-start setup). */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box mih="100dvh" style={{ background: 'linear-gradient(160deg, var(--mantine-color-orbit-0) 0%, var(--orbita-page-bg) 55%)' }}>
      <Group justify="space-between" p="md">
        <Logo />
        <LanguageSwitch signedIn={false} />
      </Group>
      <Center px="md" pb={60} pt={{ base: 20, sm: 60 }}>
        <Stack w="100%" maw={400} gap="md">
          <Paper p={{ base: 'lg', sm: 32 }} shadow="sm" radius="lg">
            <Text component="h1" fz={22} fw={650} mt={0} mb="lg">
              {title}
            </Text>
            {children}
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            {t('ui.auth.tagline')}
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
