import { useState } from 'react';
import { ActionIcon, Avatar, Card, Group, Select, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useChangeShare, useShares } from '../lib/records.api';
import { errorText } from './errors';
import { initials } from '../lib/format';
import { useUserOptions } from './users';

/** Colleagues this record is shared with: they see and edit it like its owner. */
export function SharingCard({ resource, ownerId }: { resource: string; ownerId: string | null }) {
  const { t } = useTranslation();
  const users = useUserOptions();
  const [picked, setPicked] = useState<string | null>(null);
  const query = useShares(resource);
  const items = query.data?.items ?? [];
  const change = useChangeShare(resource, { onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }) });
  const options = users.filter((u) => u.value !== ownerId && !items.some((s) => s.userId === u.value));

  return (
    <Card>
      <Text fw={600} mb={2}>
        {t('ui.sharing.title')}
      </Text>
      <Text size="xs" c="dimmed" mb="sm">
        {t('ui.sharing.hint')}
      </Text>
      <Stack gap={6}>
        {items.map((s) => (
          <Group key={s.userId} justify="space-between" wrap="nowrap" data-testid="share">
            <Group gap="xs" wrap="nowrap">
              <Avatar size={26} radius="xl">
                {initials(s.userName)}
              </Avatar>
              <Text size="sm">{s.userName}</Text>
            </Group>
            <Tooltip label={t('ui.sharing.remove')}>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('ui.sharing.remove')}
                onClick={() => change.mutate({ userId: s.userId, add: false })}
              >
                <IconX size={14} />
              </ActionIcon>
            </Tooltip>
          </Group>
        ))}
        <Select
          placeholder={t('ui.sharing.add')}
          aria-label={t('ui.sharing.add')}
          data={options}
          value={picked}
          searchable
          size="xs"
          nothingFoundMessage={t('ui.search.nothing')}
          onChange={(userId) => {
            setPicked(null);
            if (userId) change.mutate({ userId, add: true });
          }}
          data-testid="share-add"
        />
      </Stack>
    </Card>
  );
}
