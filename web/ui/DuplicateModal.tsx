import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DuplicateRef } from '../api';
import { DuplicateLine } from './DuplicateHint';

type Props = {
  duplicates: DuplicateRef[] | null;
  message?: string;
  onClose: () => void;
  onSaveAnyway: () => void;
  saving?: boolean;
};

/** 409 DUPLICATE: show the records that already exist; open one of them or save anyway. */
export function DuplicateModal({ duplicates, message, onClose, onSaveAnyway, saving }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={!!duplicates} onClose={onClose} title={t('ui.duplicates.title')} size="lg">
      <Stack>
        <Text size="sm">{message || t('ui.duplicates.text')}</Text>
        <Stack gap={6} data-testid="duplicates">
          {(duplicates ?? []).map((d) => (
            <DuplicateLine key={`${d.type}:${d.id}`} d={d} />
          ))}
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('ui.duplicates.back')}
          </Button>
          <Button color="orange" onClick={onSaveAnyway} loading={saving} data-testid="save-anyway">
            {t('ui.duplicates.saveAnyway')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
