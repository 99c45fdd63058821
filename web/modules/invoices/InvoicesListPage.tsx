import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Group, Paper, Select, SimpleGrid, Switch, Table, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useUrlParams } from '../../lib/urlParams';

import { CursorPager, useCursorPages } from '../../lib/CursorPager';
import { useFormat } from '../../lib/format';
import { useMoneyFormat } from '../../lib/money';
import { RecordPicker } from '../../lib/RecordPicker';
import { hasRole, useSession } from '../../lib/session';
import { ErrorState } from '../../ui/ErrorState';
import { HiddenRecord } from '../../ui/HiddenRecord';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { useUserOptions } from '../../ui/users';
import { useInvoiceList, type InvoiceList } from './invoices.api';
import { InvoiceStatus } from './InvoiceStatus';
import { INVOICE_STATUSES } from './invoiceRules';
import { LEGAL_ENTITY_READERS } from './roles';
import { NewInvoiceModal } from './NewInvoiceModal';

function CurrencyTotalsCards({ totals }: { totals: InvoiceList['totals'] }) {
  const { t } = useTranslation();
  const money = useMoneyFormat();
  if (totals.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: Math.min(totals.length, 3) }} mb="sm" data-testid="invoice-totals">
      {totals.map((x) => (
        <Paper key={x.currency} p="sm" withBorder data-testid="invoice-total" data-currency={x.currency}>
          <Group justify="space-between" mb={4}>
            <Text fw={700}>{x.currency}</Text>
            <Text size="xs" c="dimmed">
              {t('moneyUi.list.count', { count: x.count })}
            </Text>
          </Group>
          <SimpleGrid cols={totals.length === 1 ? 4 : 2} spacing={4} verticalSpacing={2}>
            {(['total', 'paidTotal', 'balance', 'overdue'] as const).map((k) => (
              <div key={k}>
                <Text size="xs" c="dimmed">
                  {t(`moneyUi.amounts.${k}`)}
                </Text>
                <Text
                  size="sm"
                  fw={k === 'balance' ? 700 : 500}
                  c={k === 'overdue' && x.overdue !== '0.00' && x.overdue !== '0' ? 'red' : undefined}
                  className="orbita-num"
                  data-testid={`total-${k}`}
                >
                  {money.money(x[k], x.currency)}
                </Text>
              </div>
            ))}
          </SimpleGrid>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** Invoices with their filters in the URL (status, overdue, client, manager, period), totals per currency, server pages. */
export function InvoicesListPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const navigate = useNavigate();
  const me = useSession();
  const users = useUserOptions();
  const { params, patch: set } = useUrlParams();
  const [newOpen, setNewOpen] = useState(false);

  const status = params.get('status');
  const overdue = params.get('overdue') === 'true';
  const companyId = params.get('companyId');
  const ownerId = params.get('ownerId');
  const from = params.get('from');
  const to = params.get('to');
  const deleted = params.get('deleted') === 'true';
  const query = useMemo(
    () => ({
      status: status ?? undefined,
      overdue: overdue ? true : undefined,
      companyId: companyId ?? undefined,
      ownerId: ownerId ?? undefined,
      from: from ?? undefined,
      to: to ?? undefined,
      deleted: deleted ? true : undefined,
    }),
    [status, overdue, companyId, ownerId, from, to, deleted],
  );
  const pages = useCursorPages([query]);
  const list = useInvoiceList({ ...query, cursor: pages.cursor, limit: 50 });
  const open = (id: string) => navigate(`/invoices/${id}`);

  return (
    <>
      <PageHeader
        title={t('moneyUi.list.title')}
        subtitle={t('moneyUi.list.subtitle')}
        titleTestId="invoices-title"
        actions={
          hasRole(me, LEGAL_ENTITY_READERS) && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setNewOpen(true)} data-testid="invoice-new">
              {t('moneyUi.list.new')}
            </Button>
          )
        }
      />
      <Paper p="sm" mb="sm">
        <Group gap="sm" wrap="wrap">
          <Select
            w={180}
            placeholder={t('moneyUi.list.allStatuses')}
            data={INVOICE_STATUSES.map((s) => ({ value: s, label: t(`moneyUi.status.${s}`) }))}
            value={status}
            onChange={(v) => set({ status: v })}
            clearable
            aria-label={t('moneyUi.fields.status')}
            data-testid="invoice-filter-status"
          />
          <RecordPicker
            kind="company"
            w={240}
            value={companyId}
            onChange={(id) => set({ companyId: id })}
            aria-label={t('moneyUi.fields.client')}
            data-testid="invoice-filter-company"
          />
          <Select
            w={200}
            placeholder={t('moneyUi.list.allManagers')}
            data={users}
            value={ownerId}
            onChange={(v) => set({ ownerId: v })}
            clearable
            searchable
            aria-label={t('moneyUi.fields.manager')}
          />
          <DatePickerInput
            type="range"
            w={250}
            placeholder={t('moneyUi.list.period')}
            valueFormat="DD.MM.YYYY"
            clearable
            value={[from, to]}
            onChange={([a, b]) => set({ from: a ? a.slice(0, 10) : null, to: b ? b.slice(0, 10) : null })}
            aria-label={t('moneyUi.list.period')}
          />
          <Switch
            label={t('moneyUi.list.overdueOnly')}
            checked={overdue}
            onChange={(e) => set({ overdue: e.currentTarget.checked ? 'true' : null })}
            data-testid="invoice-filter-overdue"
          />
          <Switch
            label={t('salesUi.common.bin')}
            checked={deleted}
            onChange={(e) => set({ deleted: e.currentTarget.checked ? 'true' : null })}
          />
        </Group>
      </Paper>
      {list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <CurrencyTotalsCards totals={list.data.totals} />
          <Paper>
            <Table.ScrollContainer minWidth={980}>
              <Table highlightOnHover data-testid="invoices-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('moneyUi.fields.number')}</Table.Th>
                    <Table.Th>{t('moneyUi.fields.client')}</Table.Th>
                    <Table.Th>{t('moneyUi.fields.issueDate')}</Table.Th>
                    <Table.Th>{t('moneyUi.fields.dueDate')}</Table.Th>
                    <Table.Th ta="right">{t('moneyUi.amounts.total')}</Table.Th>
                    <Table.Th ta="right">{t('moneyUi.amounts.balance')}</Table.Th>
                    <Table.Th>{t('moneyUi.fields.status')}</Table.Th>
                    <Table.Th>{t('moneyUi.fields.manager')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={8}>
                        <Text c="dimmed" ta="center" py="xl">
                          {t('moneyUi.list.empty')}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                  {list.data.items.map((inv) => (
                    <Table.Tr
                      key={inv.id}
                      className="orbita-row-link"
                      tabIndex={0}
                      onClick={() => open(inv.id)}
                      onKeyDown={(e) => e.key === 'Enter' && open(inv.id)}
                      data-testid="invoice-row"
                      data-invoice-id={inv.id}
                    >
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" fw={600}>
                          {inv.number ?? t('moneyUi.status.draft')}
                        </Text>
                      </Table.Td>
                      <Table.Td maw={280}>
                        {inv.company.hidden ? (
                          <HiddenRecord size="sm" />
                        ) : (
                          <Text size="sm" truncate>
                            {inv.companyName}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.day(inv.issueDate)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" c={inv.overdue ? 'red' : undefined}>
                          {fmt.day(inv.dueDate)}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right" className="orbita-num" style={{ whiteSpace: 'nowrap' }}>
                        {money.money(inv.total, inv.currency)}
                      </Table.Td>
                      <Table.Td ta="right" className="orbita-num" style={{ whiteSpace: 'nowrap' }}>
                        {money.money(inv.balance, inv.currency)}
                      </Table.Td>
                      <Table.Td>
                        <InvoiceStatus inv={inv} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{inv.ownerName}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <CursorPager pages={pages} nextCursor={list.data.nextCursor} loading={list.isFetching} />
          </Paper>
        </>
      )}
      {newOpen && <NewInvoiceModal onClose={() => setNewOpen(false)} />}
    </>
  );
}
