import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack align="center" py={80} gap="sm" data-testid="not-found">
      <Title order={2}>{t('ui.notFound.title')}</Title>
      <Text c="dimmed" ta="center" maw={420}>
        {t('ui.notFound.text')}
      </Text>
      <Button component={Link} to="/" variant="light">
        {t('ui.notFound.home')}
      </Button>
    </Stack>
  );
}
