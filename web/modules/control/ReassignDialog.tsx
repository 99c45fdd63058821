import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, MultiSelect, Radio, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../ui/errors';
import { useReassignContacts, type Dashboard, type ReassignResult } from './control.api';

type Props = {
  contactIds: string[] | null;
  managers: Dashboard['items'];
  onClose: () => void;
  onDone: (r: ReassignResult) => void;
};

/** Hands the selected contacts to other managers: to chosen ones, or to everyone, balanced by free capacity. */
export function ReassignDialog({ contactIds, managers, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'balance' | 'chosen'>('balance');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ReassignResult | null>(null);
  const reassign = useReassignContacts({
    onSuccess: (r) => {
      setResult(r);
      onDone(r);
    },
    onError: (err) => setError(errorText(err, t)),
  });

  useEffect(() => {
    if (!contactIds) return;
    setMode('balance');
    setChosen([]);
    setError(null);
    setResult(null);
  }, [contactIds]);

  const options = useMemo(
    () =>
      managers.map((m) => ({
        value: m.userId,
        label:
          m.freeCapacity === null
            ? `${m.name} · ${t('salesUi.team.noCap')}`
            : `${m.name} · ${t('salesUi.team.free', { count: m.freeCapacity })}`,
      })),
    [managers, t],
  );

  const submit = () => {
    if (!contactIds) return;
    if (mode === 'chosen' && chosen.length === 0) {
      setError(t('salesUi.team.chooseManagers'));
      return;
    }
    setError(null);
    reassign.mutate({ contactIds, toUserIds: mode === 'chosen' ? chosen : undefined });
  };

  return (
    <Modal opened={!!contactIds} onClose={onClose} title={t('salesUi.team.reassignTitle', { count: contactIds?.length ?? 0 })} size="lg">
      {result ? (
        <Stack>
          <Alert color="teal" variant="light" data-testid="reassign-result">
            {t('salesUi.team.reassigned', { count: result.moved })}
          </Alert>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('salesUi.reports.manager')}</Table.Th>
                <Table.Th ta="right">{t('salesUi.team.received')}</Table.Th>
                <Table.Th ta="right">{t('salesUi.team.contacts')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody className="orbita-num">
              {result.users
                .filter((u) => u.received > 0)
                .map((u) => (
                  <Table.Tr key={u.userId}>
                    <Table.Td>{u.name}</Table.Td>
                    <Table.Td ta="right">+{u.received}</Table.Td>
                    <Table.Td ta="right">
                      {u.contactsOwned}
                      {u.capacity !== null ? ` / ${u.capacity}` : ''}
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('salesUi.common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Radio.Group value={mode} onChange={(v) => setMode(v as 'balance' | 'chosen')}>
            <Stack gap="sm">
              <Radio
                value="balance"
                label={t('salesUi.team.balanceAll')}
                description={t('salesUi.team.balanceAllHelp')}
                data-testid="reassign-balance"
              />
              <Radio
                value="chosen"
                label={t('salesUi.team.toChosen')}
                description={t('salesUi.team.toChosenHelp')}
                data-testid="reassign-chosen"
              />
            </Stack>
          </Radio.Group>
          {mode === 'chosen' && (
            <MultiSelect
              data={options}
              value={chosen}
              onChange={setChosen}
              searchable
              placeholder={t('salesUi.team.pickManagers')}
              data-testid="reassign-managers"
            />
          )}
          {error && (
            <Alert color="red" variant="light">
              {error}
            </Alert>
          )}
          <Text size="xs" c="dimmed">
            {t('salesUi.team.reassignNote')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('salesUi.common.cancel')}
            </Button>
            <Button onClick={submit} loading={reassign.isPending} data-testid="reassign-confirm">
              {t('salesUi.team.reassign')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
