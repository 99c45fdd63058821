import { useState } from 'react';
import { Button, Group, Modal, MultiSelect, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { roles } from '../../lib/kinds';
import type { Role } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { useKbSettings, useSaveKbSettings } from './kb.api';

/** Admin: which roles write knowledge-base articles; the others read the published ones. */
export function KbWritersModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const settings = useKbSettings();
  const [picked, setPicked] = useState<Role[] | null>(null);
  const value = picked ?? settings.data?.editorRoles ?? [];
  const save = useSaveKbSettings({
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('kbUi.editor.saved') });
      onClose();
    },
    onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
  });
  return (
    <Modal opened onClose={onClose} title={t('kbUi.writersTitle')}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('kbUi.writersHint')}
        </Text>
        <MultiSelect
          data={roles.map((r) => ({ value: r, label: t(`ui.roles.${r}`), disabled: r === 'admin' }))}
          value={[...new Set<Role>(['admin', ...value])]}
          onChange={(v) => setPicked(v as Role[])}
          aria-label={t('kbUi.writersTitle')}
          data-testid="kb-writers"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('kbUi.editor.cancel')}
          </Button>
          <Button loading={save.isPending} disabled={!settings.data} onClick={() => save.mutate(value)} data-testid="kb-writers-save">
            {t('kbUi.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
