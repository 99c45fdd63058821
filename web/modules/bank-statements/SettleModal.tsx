import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Divider, Group, Modal, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { useFormat } from '../../lib/format';
import { isDecimal, toUnits, unitsToString, useMoneyFormat } from '../../lib/money';
import { RecordPicker } from '../../lib/RecordPicker';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { PageLoader } from '../../ui/Loaders';
import {
  useCreateClient,
  useIgnoreDocument,
  useMatchDocument,
  useStatementDocument,
  type StatementDocumentDetail,
} from './bank-statements.api';
import { PayerCell } from './StatementParts';

/** Settling one queued payment: allocate it to open invoices, book it to a client as an advance, create the client, or ignore it. */
export function SettleModal({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const doc = useStatementDocument(id);
  const d = doc.data;
  return (
    <Modal
      opened={!!id}
      onClose={onClose}
      size="xl"
      title={d ? t('bankStatementsUi.settleTitle', { number: d.number, date: fmt.day(d.date) }) : ''}
      data-testid="settle-modal"
    >
      {doc.isError ? <ErrorState error={doc.error} /> : !d ? <PageLoader /> : <SettleForm key={d.id} doc={d} onDone={onClose} />}
    </Modal>
  );
}

function SettleForm({ doc, onDone }: { doc: StatementDocumentDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const m = useMoneyFormat();
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [companyId, setCompanyId] = useState<string | null>(
    doc.suggestedCompany && !doc.suggestedCompany.hidden ? doc.suggestedCompany.id : null,
  );
  const [reason, setReason] = useState('');
  const [client, setClient] = useState({
    name: doc.payer.name,
    inn: doc.payer.inn,
    kpp: doc.payer.kpp,
    settlementAccount: doc.payer.account,
    bik: doc.payer.bik,
  });
  const [error, setError] = useState<string | null>(null);

  // The payment fills the invoices in the order offered, each up to what it owes.
  useEffect(() => {
    let left = toUnits(doc.amount);
    const next: Record<string, string> = {};
    for (const c of doc.candidates) {
      const take = left < toUnits(c.balance) ? left : toUnits(c.balance);
      next[c.id] = take > 0n ? unitsToString(take) : '';
      left -= take > 0n ? take : 0n;
    }
    setAmounts(next);
  }, [doc]);

  const allocated = useMemo(() => Object.values(amounts).reduce((acc, v) => acc + (isDecimal(v) ? toUnits(v) : 0n), 0n), [amounts]);
  const rest = toUnits(doc.amount) - allocated;
  const fail = (err: unknown) => {
    if (isApiError(err) && err.isDuplicate) {
      const dup = err.duplicates[0];
      setError(t('bankStatementsUi.duplicateClient', { name: dup.title ?? '—' }));
      if (dup.visible !== false) setCompanyId(dup.id);
      return;
    }
    const fields = isApiError(err) ? err.fields.map((f) => f.message).join('; ') : '';
    setError([errorText(err, t), fields].filter(Boolean).join(': '));
  };
  const done = (message: string) => () => {
    notifications.show({ color: 'green', message });
    onDone();
  };
  const match = useMatchDocument(doc.id, { onSuccess: done(t('bankStatementsUi.matched')), onError: fail });
  const create = useCreateClient(doc.id, { onSuccess: done(t('bankStatementsUi.created')), onError: fail });
  const ignore = useIgnoreDocument(doc.id, { onSuccess: done(t('bankStatementsUi.ignored')), onError: fail });
  const allocations = doc.candidates
    .filter((c) => isDecimal(amounts[c.id] ?? '') && toUnits(amounts[c.id]) > 0n)
    .map((c) => ({ invoiceId: c.id, amount: amounts[c.id] }));
  const book = () => {
    setError(null);
    match.mutate({ ...(companyId && !allocations.length ? { companyId } : {}), allocations });
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <PayerCell doc={doc} />
        <Text fw={700} size="lg">
          {m.money(doc.amount, doc.currency)}
        </Text>
      </Group>
      {error && (
        <Alert color="red" data-testid="settle-error">
          {error}
        </Alert>
      )}
      <Text fw={600}>{t('bankStatementsUi.candidates')}</Text>
      {doc.candidates.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('bankStatementsUi.noCandidates')}
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('bankStatementsUi.columns.invoice')}</Table.Th>
              <Table.Th>{t('bankStatementsUi.columns.client')}</Table.Th>
              <Table.Th>{t('bankStatementsUi.columns.dueDate')}</Table.Th>
              <Table.Th ta="right">{t('bankStatementsUi.columns.balance')}</Table.Th>
              <Table.Th>{t('bankStatementsUi.columns.allocate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {doc.candidates.map((c) => (
              <Table.Tr key={c.id} data-testid="settle-candidate">
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {c.number}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(`bankStatementsUi.reasons.${c.reason}`)}
                  </Text>
                </Table.Td>
                <Table.Td>{c.company.name}</Table.Td>
                <Table.Td>{fmt.day(c.dueDate)}</Table.Td>
                <Table.Td ta="right">{m.money(c.balance, c.currency)}</Table.Td>
                <Table.Td>
                  <TextInput
                    w={130}
                    value={amounts[c.id] ?? ''}
                    onChange={(e) => setAmounts({ ...amounts, [c.id]: e.currentTarget.value.replace(',', '.') })}
                    error={amounts[c.id] && !isDecimal(amounts[c.id]) ? true : undefined}
                    aria-label={t('bankStatementsUi.columns.allocate')}
                    data-testid="settle-amount"
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!allocations.length && (
        <RecordPicker
          kind="company"
          label={t('bankStatementsUi.client')}
          description={t('bankStatementsUi.clientHint')}
          value={companyId}
          currentLabel={companyId === doc.suggestedCompany?.id ? doc.suggestedCompany?.name : undefined}
          onChange={(v) => setCompanyId(v)}
          data-testid="settle-company"
        />
      )}
      <Text size="sm" c="dimmed">
        {t('bankStatementsUi.allocated', {
          allocated: m.money(unitsToString(allocated), doc.currency),
          amount: m.money(doc.amount, doc.currency),
          rest: m.money(unitsToString(rest), doc.currency),
        })}
      </Text>
      <Group>
        <Button
          onClick={book}
          loading={match.isPending}
          disabled={rest < 0n || (!allocations.length && !companyId)}
          data-testid="settle-match"
        >
          {t('bankStatementsUi.match')}
        </Button>
      </Group>

      <Divider label={t('bankStatementsUi.createClient')} labelPosition="left" />
      <Text size="sm" c="dimmed">
        {t('bankStatementsUi.createClientHint')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('bankStatementsUi.name')}
          value={client.name}
          onChange={(e) => setClient({ ...client, name: e.currentTarget.value })}
          data-testid="client-name"
        />
        <TextInput label="ИНН / INN" value={client.inn} onChange={(e) => setClient({ ...client, inn: e.currentTarget.value })} />
        <TextInput
          label={t('bankStatementsUi.kpp')}
          value={client.kpp}
          onChange={(e) => setClient({ ...client, kpp: e.currentTarget.value })}
        />
        <TextInput
          label={t('bankStatementsUi.settlementAccount')}
          value={client.settlementAccount}
          onChange={(e) => setClient({ ...client, settlementAccount: e.currentTarget.value })}
        />
        <TextInput
          label={t('bankStatementsUi.bik')}
          value={client.bik}
          onChange={(e) => setClient({ ...client, bik: e.currentTarget.value })}
        />
      </SimpleGrid>
      <Group>
        <Button
          variant="light"
          loading={create.isPending}
          disabled={!client.name.trim()}
          onClick={() => {
            setError(null);
            create.mutate({
              name: client.name.trim(),
              inn: client.inn.trim() || null,
              kpp: client.kpp.trim() || null,
              settlementAccount: client.settlementAccount.trim() || null,
              bik: client.bik.trim() || null,
            });
          }}
          data-testid="settle-create-client"
        >
          {t('bankStatementsUi.createClient')}
        </Button>
      </Group>

      <Divider label={t('bankStatementsUi.ignore')} labelPosition="left" />
      <Group align="flex-end">
        <TextInput
          style={{ flex: 1 }}
          label={t('bankStatementsUi.ignoreReason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="settle-ignore-reason"
        />
        <Button
          variant="default"
          disabled={!reason.trim()}
          loading={ignore.isPending}
          onClick={() => {
            setError(null);
            ignore.mutate(reason.trim());
          }}
          data-testid="settle-ignore"
        >
          {t('bankStatementsUi.ignore')}
        </Button>
      </Group>
    </Stack>
  );
}
