import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Group, Paper, Select, Switch, Table, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useUrlParams } from '../../lib/urlParams';
import { CursorPager, useCursorPages } from '../../lib/CursorPager';
import { useFormat } from '../../lib/format';
import { currencies } from '../../lib/kinds';
import { isPositive } from './invoiceRules';
import { useMoneyFormat } from '../../lib/money';
import { RecordPicker } from '../../lib/RecordPicker';
import { recordPath } from '../../lib/records';
import { hasRole, useSession } from '../../lib/session';
import { ErrorState } from '../../ui/ErrorState';
import { HiddenRecord } from '../../ui/HiddenRecord';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { MONEY_ROLES, usePaymentList, useReversePayment } from './invoices.api';
import { PaymentModal } from './PaymentModal';
import { ReasonModal } from './ReasonModal';

/** Payments of the clients the caller may see (client, period, currency; reversed ones apart), with their allocations. */
export function PaymentsListPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const me = useSession();
  const books = hasRole(me, MONEY_ROLES);
  const { params, patch: set } = useUrlParams();
  const [reversing, setReversing] = useState<string | null>(null);
  const [registering, setRegistering] = useState<{ companyId: string; currency: string } | null>(null);
  const [newCurrency, setNewCurrency] = useState<string>(me.workspace.defaultCurrency);
  const reverse = useReversePayment();
  const companyId = params.get('companyId');
  const currency = params.get('currency');
  const from = params.get('from');
  const to = params.get('to');
  const reversed = params.get('reversed') === 'true';
  const query = useMemo(
    () => ({
      companyId: companyId ?? undefined,
      currency: currency ?? undefined,
      from: from ?? undefined,
      to: to ?? undefined,
      reversed: reversed ? true : undefined,
    }),
    [companyId, currency, from, to, reversed],
  );
  const pages = useCursorPages([query]);
  const list = usePaymentList({ ...query, cursor: pages.cursor, limit: 50 });

  return (
    <>
      <PageHeader
        title={t('moneyUi.payments.listTitle')}
        subtitle={t('moneyUi.payments.listSubtitle')}
        titleTestId="payments-title"
        actions={
          books &&
          companyId && (
            <Group gap="xs">
              <Select w={100} data={[...currencies]} value={newCurrency} onChange={(v) => v && setNewCurrency(v)} allowDeselect={false} />
              <Button leftSection={<IconCash size={16} />} onClick={() => setRegistering({ companyId, currency: newCurrency })}>
                {t('moneyUi.payments.register')}
              </Button>
            </Group>
          )
        }
      />
      <Paper p="sm" mb="sm">
        <Group gap="sm" wrap="wrap">
          <RecordPicker
            kind="company"
            w={260}
            value={companyId}
            onChange={(id) => set({ companyId: id })}
            aria-label={t('moneyUi.fields.client')}
          />
          <Select
            w={120}
            placeholder={t('moneyUi.fields.currency')}
            data={[...currencies]}
            value={currency}
            onChange={(v) => set({ currency: v })}
            clearable
          />
          <DatePickerInput
            type="range"
            w={250}
            placeholder={t('moneyUi.payments.period')}
            valueFormat="DD.MM.YYYY"
            clearable
            value={[from, to]}
            onChange={([a, b]) => set({ from: a ? a.slice(0, 10) : null, to: b ? b.slice(0, 10) : null })}
            aria-label={t('moneyUi.payments.period')}
          />
          <Switch
            label={t('moneyUi.payments.reversedOnly')}
            checked={reversed}
            onChange={(e) => set({ reversed: e.currentTarget.checked ? 'true' : null })}
          />
        </Group>
      </Paper>
      {list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Paper>
          <Table.ScrollContainer minWidth={980}>
            <Table data-testid="payments-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('moneyUi.payments.date')}</Table.Th>
                  <Table.Th>{t('moneyUi.fields.client')}</Table.Th>
                  <Table.Th ta="right">{t('moneyUi.payments.amount')}</Table.Th>
                  <Table.Th>{t('moneyUi.payments.method')}</Table.Th>
                  <Table.Th>{t('moneyUi.payments.reference')}</Table.Th>
                  <Table.Th>{t('moneyUi.payments.allocations')}</Table.Th>
                  <Table.Th ta="right">{t('moneyUi.payments.unallocated')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={8}>
                      <Text c="dimmed" ta="center" py="xl">
                        {t('moneyUi.payments.empty')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {list.data.items.map((p) => (
                  <Table.Tr key={p.id} data-testid="payment-row">
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.day(p.date)}</Table.Td>
                    <Table.Td>
                      {p.company.hidden ? (
                        <HiddenRecord />
                      ) : (
                        <Anchor component={Link} to={recordPath('company', p.companyId)} size="sm">
                          {p.companyName}
                        </Anchor>
                      )}
                    </Table.Td>
                    <Table.Td
                      ta="right"
                      className="orbita-num"
                      td={p.reversedAt ? 'line-through' : undefined}
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {money.money(p.amount, p.currency)}
                    </Table.Td>
                    <Table.Td>{t(`moneyUi.methods.${p.method}`)}</Table.Td>
                    <Table.Td>{p.reference}</Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        {p.allocations.map((a) =>
                          a.hidden ? (
                            <HiddenRecord key={a.invoiceId} />
                          ) : (
                            <Anchor key={a.invoiceId} component={Link} to={`/invoices/${a.invoiceId}`} size="sm">
                              № {a.number} · {money.money(a.amount, p.currency)}
                            </Anchor>
                          ),
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" className="orbita-num">
                      {isPositive(p.unallocated) ? money.money(p.unallocated, p.currency) : '—'}
                    </Table.Td>
                    <Table.Td ta="right">
                      {p.reversedAt ? (
                        <Badge color="gray" variant="light" title={p.reverseReason ?? undefined}>
                          {t('moneyUi.payments.reversed')}
                        </Badge>
                      ) : (
                        books && (
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setReversing(p.id)}>
                            {t('moneyUi.payments.reverse')}
                          </Button>
                        )
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <CursorPager pages={pages} nextCursor={list.data.nextCursor} loading={list.isFetching} />
        </Paper>
      )}
      {reversing && (
        <ReasonModal
          title={t('moneyUi.payments.reverseTitle')}
          message={t('moneyUi.payments.reverseMessage')}
          confirmLabel={t('moneyUi.payments.reverse')}
          testId="payment-reverse"
          onConfirm={(reason) => reverse.mutateAsync({ id: reversing, reason })}
          onClose={() => setReversing(null)}
        />
      )}
      {registering && (
        <PaymentModal companyId={registering.companyId} currency={registering.currency} onClose={() => setRegistering(null)} />
      )}
    </>
  );
}
