import { Alert, Button, Group } from '@mantine/core';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** General save problems shown above the form: unplaced field messages, a version conflict. */
export function FormAlerts({ error, conflict, onReload }: { error: string | null; conflict: boolean; onReload?: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      {conflict && (
        <Alert
          color="orange"
          variant="light"
          icon={<IconRefresh size={18} />}
          title={t('ui.conflict.title')}
          data-testid="version-conflict"
        >
          <Group justify="space-between" gap="sm">
            <span>{t('ui.conflict.text')}</span>
            {onReload && (
              <Button size="xs" variant="light" color="orange" onClick={onReload}>
                {t('ui.conflict.reload')}
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {error && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} style={{ whiteSpace: 'pre-line' }} data-testid="form-error">
          {error}
        </Alert>
      )}
    </>
  );
}
