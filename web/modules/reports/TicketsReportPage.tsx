import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Group, Paper, SegmentedControl, Table, Text, Tooltip } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useSession } from '../../lib/session';
import { addDays, safeZone, ymdOf } from '../../lib/zoned';
import { ErrorState } from '../../ui/ErrorState';
import { HiddenRecord } from '../../ui/HiddenRecord';
import { PageLoader } from '../../ui/Loaders';
import type { Period } from './period';
import { useTicketsReport, type TicketReport } from './reports.api';

type GroupBy = TicketReport['groupBy'];
type Row = TicketReport['rows'][number];
const GROUPS: GroupBy[] = ['category', 'product', 'segment'];

/** The queue's filter of one row (category and product), for the drill-down. */
function queuePath(groupBy: GroupBy, key: string | null): string | null {
  if (key === null || groupBy === 'segment') return null;
  return `/tickets?status=all&${groupBy === 'product' ? 'productId' : 'category'}=${encodeURIComponent(key)}`;
}

/** Tickets created in a period by category, product or client segment: counts, open, overdue, resolution time, satisfaction. */
export function TicketsReportPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useSession();
  const today = ymdOf(new Date(), safeZone(me.user.timeZone));
  const [period, setPeriod] = useState<Period>(() => ({ from: addDays(today, -29), to: today }));
  const [groupBy, setGroupBy] = useState<GroupBy>('category');
  const report = useTicketsReport({ from: period.from, to: period.to, groupBy });

  const label = (r: Row) => {
    if (r.key === null) return t(`ticketsReport.without.${groupBy}`);
    if (groupBy === 'segment') return r.key === 'none' ? t('ticketsReport.without.segment') : t(`slaUi.segment.${r.key}`);
    if (groupBy === 'product') return r.name === null ? <HiddenRecord /> : r.name;
    return r.key;
  };
  const num = (n: number | null, digits = 1) =>
    n === null ? '—' : new Intl.NumberFormat(fmt.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
  const cells = (r: Omit<Row, 'key' | 'name'>) => (
    <>
      <Table.Td ta="right" className="orbita-num" data-testid="tr-count">
        {r.count}
      </Table.Td>
      <Table.Td ta="right" className="orbita-num">
        {r.open}
      </Table.Td>
      <Table.Td ta="right" className="orbita-num" c={r.overdue > 0 ? 'red' : undefined} data-testid="tr-overdue">
        {r.overdue}
      </Table.Td>
      <Table.Td ta="right" className="orbita-num">
        {r.resolved}
      </Table.Td>
      <Table.Td ta="right" className="orbita-num">
        {num(r.meanResolutionHours)}
      </Table.Td>
      <Table.Td ta="right" className="orbita-num">
        {r.rated}
      </Table.Td>
      <Table.Td ta="right" className="orbita-num" data-testid="tr-satisfaction">
        {num(r.meanSatisfaction, 2)}
      </Table.Td>
    </>
  );

  return (
    <>
      <Group gap="sm" wrap="wrap" mb="md">
        <DatePickerInput
          type="range"
          w={{ base: '100%', xs: 250 }}
          valueFormat="DD.MM.YYYY"
          value={[period.from, period.to]}
          onChange={([a, b]) => a && b && setPeriod({ from: a.slice(0, 10), to: b.slice(0, 10) })}
          aria-label={t('ticketsReport.period')}
          data-testid="tickets-report-period"
        />
        <SegmentedControl
          data={GROUPS.map((g) => ({ value: g, label: t(`ticketsReport.groupBy.${g}`) }))}
          value={groupBy}
          onChange={(v) => setGroupBy(v as GroupBy)}
          data-testid="tickets-report-group"
        />
      </Group>
      {report.isPending ? (
        <PageLoader />
      ) : report.error ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <Paper>
          <Table.ScrollContainer minWidth={760}>
            <Table highlightOnHover data-testid="tickets-report">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t(`ticketsReport.groupBy.${report.data.groupBy}`)}</Table.Th>
                  <Table.Th ta="right">{t('ticketsReport.col.count')}</Table.Th>
                  <Table.Th ta="right">{t('ticketsReport.col.open')}</Table.Th>
                  <Table.Th ta="right">
                    <Tooltip label={t('ticketsReport.overdueHint')}>
                      <span>{t('ticketsReport.col.overdue')}</span>
                    </Tooltip>
                  </Table.Th>
                  <Table.Th ta="right">{t('ticketsReport.col.resolved')}</Table.Th>
                  <Table.Th ta="right">{t('ticketsReport.col.meanResolution')}</Table.Th>
                  <Table.Th ta="right">{t('ticketsReport.col.rated')}</Table.Th>
                  <Table.Th ta="right">{t('ticketsReport.col.satisfaction')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.data.rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={8}>
                      <Text c="dimmed" ta="center" py="xl">
                        {t('ticketsReport.empty')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {report.data.rows.map((r) => {
                  const to = queuePath(report.data.groupBy, r.key);
                  return (
                    <Table.Tr key={r.key ?? '∅'} data-testid="tickets-report-row" data-key={r.key ?? ''}>
                      <Table.Td>
                        {to && !(groupBy === 'product' && r.name === null) ? (
                          <Anchor component={Link} to={to} size="sm">
                            {label(r)}
                          </Anchor>
                        ) : (
                          <Text size="sm">{label(r)}</Text>
                        )}
                      </Table.Td>
                      {cells(r)}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
              {report.data.rows.length > 0 && (
                <Table.Tfoot>
                  <Table.Tr fw={700} data-testid="tickets-report-total">
                    <Table.Td>{t('ticketsReport.total')}</Table.Td>
                    {cells(report.data.total)}
                  </Table.Tr>
                </Table.Tfoot>
              )}
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </>
  );
}
