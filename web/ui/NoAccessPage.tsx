import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

/** A section the user's role does not open (a manager on /team or /admin/...): said so, not "not found". */
export function NoAccessPage() {
  const { t } = useTranslation();
  return (
    <Stack align="center" py={80} gap="sm" data-testid="no-access">
      <Title order={2}>{t('ui.noAccess.title')}</Title>
      <Text c="dimmed" ta="center" maw={420}>
        {t('ui.noAccess.text')}
      </Text>
      <Button component={Link} to="/" variant="light">
        {t('ui.notFound.home')}
      </Button>
    </Stack>
  );
}
