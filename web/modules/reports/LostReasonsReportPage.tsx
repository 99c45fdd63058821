import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Grid, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoader } from '../../ui/Loaders';
import { safeZone, ymdOf } from '../../lib/zoned';
import { useMoneyFormat } from '../../lib/money';
import { LazyChart as EChart } from '../../ui/LazyChart';
import { presetPeriod, type Period } from './period';
import { ReportFilters } from './ReportFilters';
import { useLostReasonsReport, type LostReasonsReport } from './reports.api';
import { dealListPath } from '../../lib/records';

const PALETTE = ['#fa5252', '#fd7e14', '#fab005', '#40c057', '#15aabf', '#4c6ef5', '#be4bdb', '#868e96', '#e64980', '#82c91e'];

function Amounts({ amounts }: { amounts: LostReasonsReport['total']['amounts'] }) {
  const money = useMoneyFormat();
  if (!amounts.length)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Stack gap={0}>
      {amounts.map((a) => (
        <Text key={a.currency} size="sm" className="orbita-num" style={{ whiteSpace: 'nowrap' }}>
          {money.money(a.amount, a.currency)}
        </Text>
      ))}
    </Stack>
  );
}

/** Why deals are lost: by reason (share and amounts) and by manager (who loses for which reasons). */
export function LostReasonsReportPage() {
  const { t } = useTranslation();
  const me = useSession();
  const today = ymdOf(new Date(), safeZone(me.user.timeZone));
  const [period, setPeriod] = useState<Period>(() => presetPeriod('thisYear', today));
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const report = useLostReasonsReport({ from: period.from, to: period.to, pipelineId, ownerId });
  const data = report.data;

  const colorOf = useMemo(() => new Map((data?.byReason ?? []).map((r, i) => [r.reasonId ?? 'none', PALETTE[i % PALETTE.length]])), [data]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
      series: [
        {
          type: 'pie',
          radius: ['45%', '75%'],
          center: ['35%', '50%'],
          avoidLabelOverlap: true,
          label: { show: false },
          data: (data?.byReason ?? []).map((r) => ({
            name: r.reasonName,
            value: r.count,
            itemStyle: { color: colorOf.get(r.reasonId ?? 'none') },
          })),
        },
      ],
    }),
    [data, colorOf],
  );

  const lostListHref = (extra: Record<string, string | null>) => {
    return dealListPath({ status: 'lost', pipeline: pipelineId ?? 'all', ...extra });
  };

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
        {data && (
          <Badge size="lg" variant="light" color="red">
            {t('salesUi.reports.lostTotal', { count: data.total.count })}
          </Badge>
        )}
      </ReportFilters>
      {report.isPending ? (
        <PageLoader />
      ) : report.error ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        data &&
        (data.total.count === 0 ? (
          <Paper p="xl">
            <Text c="dimmed" ta="center">
              {t('salesUi.reports.noLost')}
            </Text>
          </Paper>
        ) : (
          <Stack gap="md">
            <Grid gap="md">
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Paper p="md" h="100%">
                  <Title order={5} mb="sm">
                    {t('salesUi.reports.byReason')}
                  </Title>
                  <EChart option={option} style={{ height: 300 }} testId="lost-reasons-chart" />
                </Paper>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 7 }}>
                <Paper h="100%">
                  <Table data-testid="lost-by-reason">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('salesUi.close.reason')}</Table.Th>
                        <Table.Th ta="right">{t('salesUi.reports.deals')}</Table.Th>
                        <Table.Th ta="right">{t('salesUi.reports.share')}</Table.Th>
                        <Table.Th ta="right">{t('salesUi.reports.amount')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.byReason.map((r) => (
                        <Table.Tr key={r.reasonId ?? 'none'}>
                          <Table.Td>
                            <Group gap={8} wrap="nowrap">
                              <span
                                style={{
                                  width: 10,
                                  height: 10,
                                  borderRadius: 2,
                                  background: colorOf.get(r.reasonId ?? 'none'),
                                  flexShrink: 0,
                                }}
                              />
                              <Text size="sm">{r.reasonName}</Text>
                            </Group>
                          </Table.Td>
                          <Table.Td ta="right" className="orbita-num">
                            {r.count}
                          </Table.Td>
                          <Table.Td ta="right" className="orbita-num">
                            {r.share}%
                          </Table.Td>
                          <Table.Td ta="right">
                            <Amounts amounts={r.amounts} />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                    <Table.Tfoot>
                      <Table.Tr>
                        <Table.Th>{t('salesUi.reports.total')}</Table.Th>
                        <Table.Th ta="right">{data.total.count}</Table.Th>
                        <Table.Th ta="right">100%</Table.Th>
                        <Table.Th ta="right">
                          <Amounts amounts={data.total.amounts} />
                        </Table.Th>
                      </Table.Tr>
                    </Table.Tfoot>
                  </Table>
                </Paper>
              </Grid.Col>
            </Grid>
            <Paper>
              <Title order={5} p="md" pb={0}>
                {t('salesUi.reports.byManager')}
              </Title>
              <Table.ScrollContainer minWidth={Math.max(600, 260 + data.byReason.length * 110)}>
                <Table data-testid="lost-by-manager">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('salesUi.reports.manager')}</Table.Th>
                      <Table.Th ta="right">{t('salesUi.reports.deals')}</Table.Th>
                      {data.byReason.map((r) => (
                        <Table.Th key={r.reasonId ?? 'none'} ta="right" style={{ whiteSpace: 'nowrap' }}>
                          {r.reasonName}
                        </Table.Th>
                      ))}
                      <Table.Th ta="right">{t('salesUi.reports.amount')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody className="orbita-num">
                    {data.byOwner.map((o) => {
                      const counts = new Map(o.reasons.map((r) => [r.reasonId ?? 'none', r.count]));
                      return (
                        <Table.Tr key={o.ownerId ?? 'none'}>
                          <Table.Td>
                            <Anchor component={Link} to={lostListHref({ owner: o.ownerId })} size="sm">
                              {o.ownerId ? o.ownerName : t('salesUi.reports.noOwner')}
                            </Anchor>
                          </Table.Td>
                          <Table.Td ta="right" fw={600}>
                            {o.count}
                          </Table.Td>
                          {data.byReason.map((r) => {
                            const n = counts.get(r.reasonId ?? 'none') ?? 0;
                            // Shade by the share of this manager's losses, so a manager's dominant reason stands out.
                            const share = o.count ? n / o.count : 0;
                            return (
                              <Table.Td
                                key={r.reasonId ?? 'none'}
                                ta="right"
                                style={{
                                  background: n
                                    ? `color-mix(in srgb, var(--mantine-color-red-6) ${Math.round(share * 45)}%, transparent)`
                                    : undefined,
                                }}
                              >
                                {n || ''}
                              </Table.Td>
                            );
                          })}
                          <Table.Td ta="right">
                            <Amounts amounts={o.amounts} />
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          </Stack>
        ))
      )}
    </Stack>
  );
}
