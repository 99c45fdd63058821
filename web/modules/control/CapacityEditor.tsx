import { useState } from 'react';
import { ActionIcon, Button, Group, NumberInput, Popover, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../ui/errors';
import { useSetCapacity } from './control.api';

type Props = { userId: string; name: string; owned: number; capacity: number | null; canEdit: boolean };

/** Contacts owned against the cap, as a bar; the pencil sets the cap (empty = no cap). */
export function CapacityEditor({ userId, name, owned, capacity, canEdit }: Props) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [value, setValue] = useState<number | string>(capacity ?? '');
  const setCapacity = useSetCapacity(userId, {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('salesUi.team.capacitySaved', { name }) });
      setOpened(false);
    },
    onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
  });
  const load = capacity ? Math.min(100, Math.round((owned / capacity) * 100)) : 0;
  const color = !capacity ? 'gray' : owned > capacity ? 'red' : load >= 90 ? 'orange' : 'teal';

  const save = () => setCapacity.mutate(value === '' ? null : Number(value));

  return (
    <Group gap={6} wrap="nowrap" miw={150}>
      <Stack gap={2} style={{ flex: 1 }}>
        <Text size="sm" className="orbita-num" data-testid="capacity-value">
          {owned}
          {capacity !== null ? ` / ${capacity}` : ''}
        </Text>
        {capacity !== null && (
          <Tooltip label={`${load}%`}>
            <Progress value={load} color={color} size="sm" />
          </Tooltip>
        )}
      </Stack>
      {canEdit && (
        <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow trapFocus>
          <Popover.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              onClick={() => {
                setValue(capacity ?? '');
                setOpened((o) => !o);
              }}
              aria-label={t('salesUi.team.editCapacity')}
              data-testid="capacity-edit"
            >
              <IconPencil size={14} />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <Stack gap="xs" w={220}>
                <NumberInput
                  label={t('salesUi.team.capacity')}
                  description={t('salesUi.team.capacityHelp')}
                  min={0}
                  max={100000}
                  allowDecimal={false}
                  value={value}
                  onChange={setValue}
                  data-testid="capacity-input"
                />
                <Group justify="flex-end" gap="xs">
                  <Button size="xs" variant="default" onClick={() => setOpened(false)}>
                    {t('salesUi.common.cancel')}
                  </Button>
                  <Button size="xs" type="submit" loading={setCapacity.isPending} data-testid="capacity-save">
                    {t('salesUi.common.save')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Popover.Dropdown>
        </Popover>
      )}
    </Group>
  );
}
