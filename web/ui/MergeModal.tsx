import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { errorText } from './errors';
import { RecordPicker } from '../lib/RecordPicker';
import { useMergeRecord } from '../lib/records.api';

type Props = {
  opened: boolean;
  onClose: () => void;
  kind: 'company' | 'contact';
  id: string;
  title: string;
  /** Query keys to refresh after the merge. */
  invalidate: readonly unknown[][];
};

/** Folds a duplicate into this record: its links, timeline and details move here, the duplicate goes. */
export function MergeModal({ opened, onClose, kind, id, title, invalidate }: Props) {
  const { t } = useTranslation();
  const [other, setOther] = useState<{ id: string; label: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mergeRecord = useMergeRecord(kind, id, invalidate, {
    onSuccess: () => {
      setOther(null);
      onClose();
    },
    onError: (err) => setError(errorText(err, t)),
  });
  const merge = () => {
    if (!other) return;
    setError(null);
    mergeRecord.mutate(other.id);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('ui.merge.title')}>
      <Stack>
        <Text size="sm">{t('ui.merge.text', { title })}</Text>
        <RecordPicker
          label={t('ui.merge.duplicate')}
          kind={kind}
          exclude={[id]}
          value={other?.id ?? null}
          currentLabel={other?.label}
          onChange={(v, label) => setOther(v ? { id: v, label: label ?? '' } : null)}
          nothingFoundMessage={t('ui.search.nothing')}
          data-testid="merge-other"
        />
        {other && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
            {t('ui.merge.warning', { other: other.label, title })}
          </Alert>
        )}
        {error && (
          <Alert color="red" variant="light">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('ui.actions.cancel')}
          </Button>
          <Button color="orange" disabled={!other} loading={mergeRecord.isPending} onClick={merge} data-testid="merge-confirm">
            {t('ui.actions.merge')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
