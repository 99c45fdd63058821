import { useCallback, useState, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

type Pending = { message: ReactNode; confirmLabel?: string; danger?: boolean; onConfirm: () => void };

/** A confirmation dialog as a hook: render `dialog`, call `ask(...)`; the action runs only on "confirm". */
export function useConfirm() {
  const { t } = useTranslation();
  const [pending, setPending] = useState<Pending | null>(null);
  const ask = useCallback((message: ReactNode, onConfirm: () => void, opts?: { confirmLabel?: string; danger?: boolean }) => {
    setPending({ message, onConfirm, ...opts });
  }, []);
  const dialog = (
    <Modal opened={!!pending} onClose={() => setPending(null)} title={t('salesUi.common.confirmTitle')} size="sm">
      <Stack>
        <Text size="sm">{pending?.message}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setPending(null)}>
            {t('salesUi.common.cancel')}
          </Button>
          <Button
            color={pending?.danger === false ? undefined : 'red'}
            data-testid="confirm-yes"
            onClick={() => {
              pending?.onConfirm();
              setPending(null);
            }}
          >
            {pending?.confirmLabel ?? t('salesUi.common.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
  return { ask, dialog };
}
