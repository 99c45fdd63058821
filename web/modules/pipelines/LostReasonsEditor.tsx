import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Paper, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconCheck, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { PageLoader } from '../../ui/Loaders';
import { useCreateLostReason, useLostReasons, usePatchLostReason, useReorderLostReasons, type LostReason } from './pipelines.api';

function ReasonRow({
  reason,
  index,
  count,
  onMove,
}: {
  reason: LostReason;
  index: number;
  count: number;
  onMove: (r: LostReason, to: number) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(reason.name);
  const patch = usePatchLostReason(reason, {
    onError: (err) => {
      setName(reason.name);
      notifications.show({ color: 'red', message: errorText(err, t) });
    },
  });
  const renamed = name.trim() !== '' && name.trim() !== reason.name;
  return (
    <Table.Tr data-testid="lost-reason-row">
      <Table.Td w={70}>
        <Group gap={0} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            disabled={index === 0}
            onClick={() => onMove(reason, index - 1)}
            aria-label={t('salesUi.common.moveUp')}
          >
            <IconArrowUp size={14} />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            disabled={index === count - 1}
            onClick={() => onMove(reason, index + 1)}
            aria-label={t('salesUi.common.moveDown')}
          >
            <IconArrowDown size={14} />
          </ActionIcon>
        </Group>
      </Table.Td>
      <Table.Td>
        <TextInput
          size="sm"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && renamed && patch.mutate({ name: name.trim() })}
          aria-label={t('salesUi.lostReasons.name')}
          rightSection={
            renamed ? (
              <ActionIcon
                size="sm"
                variant="filled"
                onClick={() => patch.mutate({ name: name.trim() })}
                loading={patch.isPending}
                aria-label={t('salesUi.common.save')}
              >
                <IconCheck size={14} />
              </ActionIcon>
            ) : null
          }
        />
      </Table.Td>
      <Table.Td w={160}>
        <Switch
          checked={reason.isActive}
          onChange={(e) => patch.mutate({ isActive: e.currentTarget.checked })}
          label={reason.isActive ? t('salesUi.lostReasons.active') : t('salesUi.lostReasons.inactive')}
        />
      </Table.Td>
    </Table.Tr>
  );
}

/** The refusal reasons offered when a deal is lost: add, rename, reorder, switch off (never deleted: old deals keep them). */
export function LostReasonsEditor() {
  const { t } = useTranslation();
  const reasons = useLostReasons();
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const create = useCreateLostReason(reasons.data, {
    onSuccess: () => {
      setNewName('');
      setError(null);
    },
    onError: (err) => setError(errorText(err, t)),
  });
  const reorder = useReorderLostReasons(reasons.data, {
    onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
  });

  if (reasons.isPending) return <PageLoader />;
  if (reasons.error) return <ErrorState error={reasons.error} onRetry={() => void reasons.refetch()} />;
  const list = reasons.data;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('salesUi.lostReasons.help')}
      </Text>
      <Paper p={0}>
        <Table highlightOnHover={false}>
          <Table.Tbody>
            {list.map((r, i) => (
              <ReasonRow
                key={`${r.id}:${r.version}`}
                reason={r}
                index={i}
                count={list.length}
                onMove={(reason, to) => reorder.mutate({ reason, to })}
              />
            ))}
            {list.length === 0 && (
              <Table.Tr>
                <Table.Td>
                  <Text c="dimmed" size="sm" ta="center" py="md">
                    {t('salesUi.lostReasons.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Paper>
      {error && (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (newName.trim()) create.mutate(newName.trim());
        }}
      >
        <Group gap="xs" align="flex-start">
          <TextInput
            style={{ flex: 1, maxWidth: 420 }}
            placeholder={t('salesUi.lostReasons.newPlaceholder')}
            value={newName}
            onChange={(e) => setNewName(e.currentTarget.value)}
            data-testid="lost-reason-new"
          />
          <Button type="submit" leftSection={<IconPlus size={14} />} loading={create.isPending} disabled={!newName.trim()}>
            {t('salesUi.lostReasons.add')}
          </Button>
        </Group>
      </form>
      <Group gap={6}>
        <Badge variant="dot" color="teal">
          {t('salesUi.lostReasons.activeCount', { count: list.filter((r) => r.isActive).length })}
        </Badge>
      </Group>
    </Stack>
  );
}
