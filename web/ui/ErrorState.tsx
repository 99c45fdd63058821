import { Alert, Button, Center, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { errorText } from './errors';
import { isApiError } from '../api';
import { NotFoundPage } from './NotFoundPage';

export function ErrorState({ error, onRetry, fullPage }: { error: unknown; onRetry?: () => void; fullPage?: boolean }) {
  const { t } = useTranslation();
  // A record that does not exist and one the caller may not see look the same: not found.
  if (isApiError(error) && error.status === 404) return <NotFoundPage />;
  const body = (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('ui.errors.title')} maw={520} w="100%">
      <Stack gap="sm" align="flex-start">
        <span>{errorText(error, t)}</span>
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t('ui.actions.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
  return fullPage ? (
    <Center h="100dvh" p="md">
      {body}
    </Center>
  ) : (
    body
  );
}
