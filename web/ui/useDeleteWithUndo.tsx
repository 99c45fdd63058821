import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { deleteRecord, restoreRecord } from '../lib/records.api';
import { errorText } from './errors';

/**
 * Soft delete with a few seconds to change one's mind: the notification's Undo restores the record.
 * `resource` is the API collection (`/companies`); `queryKeys` are refreshed after either step.
 */
export function useDeleteWithUndo(resource: string, queryKeys: readonly unknown[][]) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const refresh = () => Promise.all(queryKeys.map((queryKey) => qc.invalidateQueries({ queryKey })));

  return async (id: string, title: string, afterDelete?: () => void, afterRestore?: () => void): Promise<boolean> => {
    try {
      await deleteRecord(resource, id);
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(err, t) });
      return false;
    }
    await refresh();
    afterDelete?.();
    const notificationId = `deleted-${id}`;
    const undo = async () => {
      notifications.hide(notificationId);
      try {
        await restoreRecord(resource, id);
        await refresh();
        notifications.show({ color: 'teal', message: t('ui.delete.restored', { title }) });
        afterRestore?.();
      } catch (err) {
        notifications.show({ color: 'red', message: errorText(err, t) });
      }
    };
    notifications.show({
      id: notificationId,
      autoClose: 10_000,
      title: t('ui.delete.deleted', { title }),
      message: (
        <Button size="compact-sm" variant="light" mt={6} onClick={() => void undo()} data-testid="undo-delete">
          {t('ui.delete.undo')}
        </Button>
      ),
    });
    return true;
  };
}

/** Brings back a soft-deleted record (from the trash view of a list). */
export function useRestore(resource: string, queryKeys: readonly unknown[][]) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  return async (id: string, title: string) => {
    try {
      await restoreRecord(resource, id);
      await Promise.all(queryKeys.map((queryKey) => qc.invalidateQueries({ queryKey })));
      notifications.show({ color: 'teal', message: t('ui.delete.restored', { title }) });
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(err, t) });
    }
  };
}
