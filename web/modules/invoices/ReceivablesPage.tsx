import { Fragment, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Buckets } from '../../../contracts/invoices';
import { useFormat } from '../../lib/format';
import { useMoneyFormat } from '../../lib/money';
import { withQuery } from '../../lib/records';
import { ErrorState } from '../../ui/ErrorState';
import { HiddenRecord } from '../../ui/HiddenRecord';
import { LazyChart } from '../../ui/LazyChart';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { useUserOptions } from '../../ui/users';
import { useReceivables, useReceivablesOf } from './invoices.api';

const BUCKETS = ['current', 'd1_30', 'd31_60', 'd61_90', 'd90plus'] as const satisfies readonly (keyof Buckets)[];
const bucketColors = ['#2f9e44', '#fab005', '#fd7e14', '#f03e3e', '#a61e4d'];

/** The invoices behind one client's row, aged on the same day. */
function ClientInvoices({ companyId, asOf, currency }: { companyId: string; asOf: string; currency: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const detail = useReceivablesOf(companyId, asOf);
  if (detail.isPending) return <PageLoader />;
  if (detail.error) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const items = detail.data.items.filter((i) => i.currency === currency);
  return (
    <Stack gap="xs" p="xs">
      <Table verticalSpacing={2} data-testid="receivables-detail">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('moneyUi.fields.number')}</Table.Th>
            <Table.Th>{t('moneyUi.fields.issueDate')}</Table.Th>
            <Table.Th>{t('moneyUi.fields.dueDate')}</Table.Th>
            <Table.Th ta="right">{t('moneyUi.receivables.daysOverdue')}</Table.Th>
            <Table.Th ta="right">{t('moneyUi.amounts.total')}</Table.Th>
            <Table.Th ta="right">{t('moneyUi.amounts.balance')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.invoiceId}>
              <Table.Td>
                <Anchor component={Link} to={`/invoices/${i.invoiceId}`} size="sm">
                  {i.number ?? t('moneyUi.status.draft')}
                </Anchor>
              </Table.Td>
              <Table.Td>{fmt.day(i.issueDate)}</Table.Td>
              <Table.Td>{fmt.day(i.dueDate)}</Table.Td>
              <Table.Td ta="right" c={i.daysOverdue > 0 ? 'red' : undefined}>
                {i.daysOverdue > 0 ? i.daysOverdue : '—'}
              </Table.Td>
              <Table.Td ta="right" className="orbita-num">
                {money.money(i.total, i.currency)}
              </Table.Td>
              <Table.Td ta="right" className="orbita-num" fw={600}>
                {money.money(i.balance, i.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Anchor component={Link} to={withQuery('/invoices', { companyId })} size="sm">
        {t('moneyUi.receivables.allInvoices')}
      </Anchor>
    </Stack>
  );
}

/** Who owes what on a day: aging buckets as a chart and per client, totals per currency, drill-down to the invoices. */
export function ReceivablesPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const users = useUserOptions();
  const [asOf, setAsOf] = useState<string>(fmt.today());
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [currency, setCurrency] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const report = useReceivables({ asOf, ownerId });
  const data = report.data;
  const currencies = useMemo(() => (data?.totals ?? []).map((x) => x.currency), [data]);
  const cur = currency && currencies.includes(currency as never) ? currency : (currencies[0] ?? null);
  const totals = data?.totals.find((x) => x.currency === cur);
  const rows = useMemo(() => (data?.items ?? []).filter((r) => r.currency === cur), [data, cur]);
  const bucketLabel = (b: (typeof BUCKETS)[number]) => t(`moneyUi.receivables.buckets.${b}`);

  const option = useMemo(
    () =>
      totals && cur
        ? {
            tooltip: {
              trigger: 'axis',
              axisPointer: { type: 'shadow' },
              formatter: (params: { dataIndex: number }[]) => {
                const b = BUCKETS[params[0]?.dataIndex ?? 0];
                return `<b>${bucketLabel(b)}</b><br/>${money.money(totals.buckets[b], cur)}`;
              },
            },
            grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
            xAxis: { type: 'category', data: BUCKETS.map(bucketLabel) },
            yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money.compact(String(v), cur) } },
            // Bar heights are the only place amounts become floating-point numbers: drawing needs no cents.
            series: [
              {
                type: 'bar',
                data: BUCKETS.map((b, i) => ({ value: Number(totals.buckets[b]), itemStyle: { color: bucketColors[i] } })),
                barMaxWidth: 64,
              },
            ],
          }
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- bucketLabel follows t
    [totals, cur, money, t],
  );

  return (
    <>
      <PageHeader title={t('moneyUi.receivables.title')} subtitle={t('moneyUi.receivables.subtitle')} titleTestId="receivables-title" />
      <Group gap="sm" mb="md" wrap="wrap">
        <DatePickerInput
          w={180}
          label={t('moneyUi.receivables.asOf')}
          valueFormat="DD.MM.YYYY"
          value={asOf}
          onChange={(v) => v && setAsOf(v.slice(0, 10))}
          data-testid="receivables-as-of"
        />
        <Select
          w={220}
          label={t('moneyUi.fields.manager')}
          placeholder={t('moneyUi.list.allManagers')}
          data={users}
          value={ownerId}
          onChange={setOwnerId}
          clearable
          searchable
        />
        {currencies.length > 1 && cur && (
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              {t('moneyUi.fields.currency')}
            </Text>
            <SegmentedControl value={cur} onChange={setCurrency} data={currencies} />
          </Stack>
        )}
      </Group>
      {report.isPending ? (
        <PageLoader />
      ) : report.error ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : !data || !totals || !cur ? (
        <Text c="dimmed" data-testid="receivables-empty">
          {t('moneyUi.receivables.empty')}
        </Text>
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, sm: 3, md: 7 }} data-testid="receivables-totals">
            {[
              ['total', totals.total] as const,
              ['overdue', totals.overdue] as const,
              ...BUCKETS.map((b) => [b, totals.buckets[b]] as const),
            ].map(([k, amount]) => (
              <Paper key={k} p="sm" withBorder>
                <Text size="xs" c="dimmed">
                  {k === 'total' || k === 'overdue' ? t(`moneyUi.amounts.${k}`) : bucketLabel(k)}
                </Text>
                <Text fw={700} className="orbita-num" c={k === 'overdue' ? 'red' : undefined} data-testid={`receivables-${k}`}>
                  {money.money(amount, cur)}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          {option && (
            <Paper p="sm" withBorder>
              <LazyChart option={option} style={{ height: 280 }} testId="receivables-chart" />
            </Paper>
          )}
          {data.truncated && <Alert color="yellow">{t('moneyUi.receivables.truncated')}</Alert>}
          <Paper>
            <Table.ScrollContainer minWidth={980}>
              <Table data-testid="receivables-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('moneyUi.fields.client')}</Table.Th>
                    <Table.Th ta="right">{t('moneyUi.receivables.invoices')}</Table.Th>
                    <Table.Th ta="right">{t('moneyUi.amounts.total')}</Table.Th>
                    <Table.Th ta="right">{t('moneyUi.amounts.overdue')}</Table.Th>
                    {BUCKETS.map((b) => (
                      <Table.Th key={b} ta="right">
                        {bucketLabel(b)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => {
                    const key = `${r.companyId}:${r.currency}`;
                    const expanded = open === key;
                    return (
                      <Fragment key={key}>
                        <Table.Tr data-testid="receivables-row" data-company-id={r.companyId}>
                          <Table.Td>
                            <Button
                              variant="subtle"
                              size="compact-sm"
                              leftSection={expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                              onClick={() => setOpen(expanded ? null : key)}
                              data-testid="receivables-expand"
                            >
                              {r.company.hidden ? <HiddenRecord /> : r.companyName}
                            </Button>
                          </Table.Td>
                          <Table.Td ta="right">{r.invoices}</Table.Td>
                          <Table.Td ta="right" className="orbita-num" fw={600} data-testid="receivables-row-total">
                            {money.money(r.total, r.currency)}
                          </Table.Td>
                          <Table.Td ta="right" className="orbita-num" c="red">
                            {money.money(r.overdue, r.currency)}
                          </Table.Td>
                          {BUCKETS.map((b) => (
                            <Table.Td key={b} ta="right" className="orbita-num">
                              {money.money(r.buckets[b], r.currency)}
                            </Table.Td>
                          ))}
                        </Table.Tr>
                        {expanded && (
                          <Table.Tr>
                            <Table.Td colSpan={4 + BUCKETS.length} bg="var(--mantine-color-default-hover)">
                              <ClientInvoices companyId={r.companyId} asOf={data.asOf} currency={r.currency} />
                            </Table.Td>
                          </Table.Tr>
                        )}
                      </Fragment>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          <Title order={6} c="dimmed" fw={400}>
            {t('moneyUi.receivables.asOfNote', { date: fmt.day(data.asOf) })}
          </Title>
        </Stack>
      )}
    </>
  );
}
