import { Link } from 'react-router';
import { Anchor, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { DuplicateRef } from '../api';
import { recordPaths } from '../app/nav';

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
    <Modal opened={!!duplicates} onClose={onClose} title={t('ui.duplicates.title')} size="md">
      <Stack>
        <Text size="sm">{message || t('ui.duplicates.text')}</Text>
        <List spacing="xs" size="sm" data-testid="duplicates">
          {(duplicates ?? []).map((d) => {
            const path = recordPaths[d.type]?.(d.id);
            return (
              <List.Item key={`${d.type}:${d.id}`} icon={<IconExternalLink size={14} />}>
                {path ? (
                  <Anchor component={Link} to={path} target="_blank" data-testid="duplicate-link">{d.title}</Anchor>
                ) : d.title}
              </List.Item>
            );
          })}
        </List>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('ui.duplicates.back')}</Button>
          <Button color="orange" onClick={onSaveAnyway} loading={saving} data-testid="save-anyway">
            {t('ui.duplicates.saveAnyway')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
