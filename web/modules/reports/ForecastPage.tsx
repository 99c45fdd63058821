import { useCallback, useMemo, useState } from 'react';
import { Badge, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session';
import { ErrorState } from '../../ui/ErrorState';
import { useFormat } from '../../lib/format';
import { PageLoader } from '../../ui/Loaders';
import { safeZone, ymdOf } from '../../lib/zoned';
import { useMoneyFormat } from '../../lib/money';
import { LazyChart as EChart } from '../../ui/LazyChart';
import { presetPeriod, type Period } from './period';
import { ReportFilters } from './ReportFilters';
import { useForecast } from './reports.api';

type GroupBy = 'month' | 'owner' | 'pipeline';

/** Open, weighted and won amounts by month, manager or pipeline over a period, as a chart and a table. */
export function ForecastPage() {
  const { t } = useTranslation();
  const me = useSession();
  const money = useMoneyFormat();
  const fmt = useFormat();
  const today = ymdOf(new Date(), safeZone(me.user.timeZone));
  const [period, setPeriod] = useState<Period>(() => presetPeriod('thisYear', today));
  const [groupBy, setGroupBy] = useState<GroupBy>('month');
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [currency, setCurrency] = useState<string | null>(null);
  const forecast = useForecast({ from: period.from, to: period.to, groupBy, pipelineId, ownerId });

  const data = forecast.data;
  const currencies = useMemo(() => [...new Set((data?.totals ?? []).map((x) => x.currency))], [data]);
  const cur =
    currency && currencies.includes(currency as never)
      ? currency
      : currencies.includes(me.workspace.defaultCurrency as never)
        ? me.workspace.defaultCurrency
        : (currencies[0] ?? me.workspace.defaultCurrency);
  const groups = useMemo(() => (data?.groups ?? []).filter((g) => g.currency === cur), [data, cur]);
  const totals = data?.totals.find((x) => x.currency === cur);

  const monthFmt = useMemo(() => new Intl.DateTimeFormat(fmt.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }), [fmt.locale]);
  const label = useCallback(
    (g: (typeof groups)[number]) => {
      if (groupBy === 'month' && /^\d{4}-\d{2}$/.test(g.key)) return monthFmt.format(new Date(`${g.key}-01T00:00:00Z`));
      return g.key === 'none' ? t('salesUi.reports.noOwner') : g.label;
    },
    [groupBy, monthFmt, t],
  );

  const option = useMemo(
    () => ({
      color: ['#a7c6f3', '#2870e2', '#12b886'],
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { dataIndex: number }[]) => {
          const g = groups[params[0]?.dataIndex ?? 0];
          if (!g) return '';
          return [
            `<b>${label(g)}</b>`,
            `${t('salesUi.reports.open')}: ${money.money(g.openAmount, g.currency)} (${g.openCount})`,
            `${t('salesUi.reports.weighted')}: ${money.money(g.weightedAmount, g.currency)}`,
            `${t('salesUi.reports.won')}: ${money.money(g.wonAmount, g.currency)} (${g.wonCount})`,
          ].join('<br/>');
        },
      },
      legend: { data: [t('salesUi.reports.open'), t('salesUi.reports.weighted'), t('salesUi.reports.won')], bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: groups.map(label), axisLabel: { interval: 0, rotate: groups.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money.compact(String(v), cur) } },
      // Bar heights are the only place amounts become floating-point numbers: drawing needs no cents.
      series: [
        { name: t('salesUi.reports.open'), type: 'bar', data: groups.map((g) => Number(g.openAmount)), barGap: '10%' },
        { name: t('salesUi.reports.weighted'), type: 'bar', data: groups.map((g) => Number(g.weightedAmount)) },
        { name: t('salesUi.reports.won'), type: 'bar', data: groups.map((g) => Number(g.wonAmount)) },
      ],
    }),
    [groups, t, money, cur, label],
  );

  return (
    <Stack gap={0}>
      <ReportFilters
        period={period}
        onPeriod={setPeriod}
        pipelineId={pipelineId}
        onPipeline={setPipelineId}
        ownerId={ownerId}
        onOwner={setOwnerId}
      >
        <SegmentedControl
          value={groupBy}
          onChange={(v) => setGroupBy(v as GroupBy)}
          data={(['month', 'owner', 'pipeline'] as const).map((g) => ({ value: g, label: t(`salesUi.reports.by.${g}`) }))}
          data-testid="forecast-group-by"
        />
        {currencies.length > 1 && <SegmentedControl value={cur} onChange={setCurrency} data={currencies} />}
      </ReportFilters>
      {forecast.isPending ? (
        <PageLoader />
      ) : forecast.error ? (
        <ErrorState error={forecast.error} onRetry={() => void forecast.refetch()} />
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {(
              [
                ['open', totals?.openAmount, 'gray'],
                ['weighted', totals?.weightedAmount, 'blue'],
                ['won', totals?.wonAmount, 'teal'],
              ] as const
            ).map(([k, v, color]) => (
              <Paper key={k} p="md" data-testid={`forecast-total-${k}`}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {t(`salesUi.reports.${k}`)}
                </Text>
                <Text size="xl" fw={700} className="orbita-num" c={color === 'gray' ? undefined : color}>
                  {money.money(v ?? '0', cur)}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          <Paper p="md">
            {groups.length === 0 ? (
              <Text c="dimmed" ta="center" py="xl">
                {t('salesUi.reports.noData')}
              </Text>
            ) : (
              <EChart option={option} testId="forecast-chart" />
            )}
          </Paper>
          <Paper>
            <Table.ScrollContainer minWidth={720}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t(`salesUi.reports.by.${groupBy}`)}</Table.Th>
                    <Table.Th ta="right">{t('salesUi.reports.openCount')}</Table.Th>
                    <Table.Th ta="right">{t('salesUi.reports.open')}</Table.Th>
                    <Table.Th ta="right">{t('salesUi.reports.weighted')}</Table.Th>
                    <Table.Th ta="right">{t('salesUi.reports.wonCount')}</Table.Th>
                    <Table.Th ta="right">{t('salesUi.reports.won')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody className="orbita-num">
                  {groups.map((g) => (
                    <Table.Tr key={`${g.key}:${g.currency}`} data-testid="forecast-row">
                      <Table.Td>{label(g)}</Table.Td>
                      <Table.Td ta="right">{g.openCount}</Table.Td>
                      <Table.Td ta="right">{money.money(g.openAmount, g.currency)}</Table.Td>
                      <Table.Td ta="right">{money.money(g.weightedAmount, g.currency)}</Table.Td>
                      <Table.Td ta="right">{g.wonCount}</Table.Td>
                      <Table.Td ta="right">{money.money(g.wonAmount, g.currency)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                {totals && (
                  <Table.Tfoot className="orbita-num">
                    <Table.Tr>
                      <Table.Th>{t('salesUi.reports.total')}</Table.Th>
                      <Table.Th ta="right">{groups.reduce((n, g) => n + g.openCount, 0)}</Table.Th>
                      <Table.Th ta="right">{money.money(totals.openAmount, cur)}</Table.Th>
                      <Table.Th ta="right">{money.money(totals.weightedAmount, cur)}</Table.Th>
                      <Table.Th ta="right">{groups.reduce((n, g) => n + g.wonCount, 0)}</Table.Th>
                      <Table.Th ta="right">{money.money(totals.wonAmount, cur)}</Table.Th>
                    </Table.Tr>
                  </Table.Tfoot>
                )}
              </Table>
            </Table.ScrollContainer>
          </Paper>
          <Group gap="xs">
            <Badge variant="light" color="gray">
              {t('salesUi.reports.forecastNote')}
            </Badge>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
