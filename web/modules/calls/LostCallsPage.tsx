import { useState } from 'react';
import { Link } from 'react-router';
import {
  Anchor,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import type { LostCallItem, LostCallOutcome } from '../../../contracts/lost-calls';
import { useFormat } from '../../lib/format';
import { CursorPager, useCursorPages } from '../../lib/CursorPager';
import { pathOf } from '../../lib/records';
import { useSession } from '../../lib/session';
import { safeZone, ymdOf } from '../../lib/zoned';
import { ErrorState } from '../../ui/ErrorState';
import { HiddenRecord } from '../../ui/HiddenRecord';
import { PageLoader } from '../../ui/Loaders';
import { CallBadges, externalNumber } from './CallBadges';
import { useLostCalls } from './calls.api';
import { ClientCell } from './ClientCell';
import { shiftDay } from './period';

const outcomeColor: Record<LostCallOutcome, string> = {
  called_back: 'green',
  handled: 'green',
  not_called_back: 'red',
  not_handled: 'red',
  pending: 'yellow',
};

function FollowUp({ item }: { item: LostCallItem }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const f = item.followUp;
  return (
    <Stack gap={2}>
      {f ? (
        <Text size="sm">
          {t(`callsUi.lost.followUp.${f.kind}`)}
          {': '}
          {f.record.hidden ? (
            <HiddenRecord />
          ) : pathOf(f.record.kind, f.record.id) ? (
            <Anchor component={Link} to={pathOf(f.record.kind, f.record.id)!} size="sm">
              {f.record.name}
            </Anchor>
          ) : (
            f.record.name
          )}
          <Text span size="xs" c="dimmed">
            {' '}
            {fmt.dateTime(f.at)}
          </Text>
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          —
        </Text>
      )}
      {item.callBackTask && (
        <Text size="xs" c="dimmed" data-testid="lost-call-task">
          {t('callsUi.lost.task')}
          {item.callBackTask.done ? ` (${t('callsUi.lost.taskDone')})` : ''}
        </Text>
      )}
    </Stack>
  );
}

/**
 * The lost-call report: per manager or line, incoming calls missed and not called back, and
 * answered calls after which nothing was recorded, within N minutes; a row opens its calls.
 */
export function LostCallsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useSession();
  const today = ymdOf(new Date(), safeZone(me.user.timeZone));
  const [period, setPeriod] = useState<[string, string]>([shiftDay(today, -29), today]);
  const [within, setWithin] = useState(30);
  const [groupBy, setGroupBy] = useState<'manager' | 'line'>('manager');
  const [outcome, setOutcome] = useState<'lost' | 'done' | 'pending' | 'all'>('lost');
  const [drill, setDrill] = useState<{ key: string; label: string } | null>(null);
  const pages = useCursorPages([period, within, groupBy, outcome, drill]);
  const report = useLostCalls({
    from: period[0],
    to: period[1],
    withinMinutes: within,
    groupBy,
    outcome,
    ...(drill ? (groupBy === 'manager' ? { userId: drill.key } : { line: drill.key }) : {}),
    cursor: pages.cursor,
    limit: 50,
  });
  const data = report.data;
  const rate = (r: string | null) => (r === null ? '—' : `${r}%`);

  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap" align="end">
        <DatePickerInput
          type="range"
          w={250}
          valueFormat="DD.MM.YYYY"
          value={period}
          onChange={([a, b]) => a && b && setPeriod([a.slice(0, 10), b.slice(0, 10)])}
          aria-label={t('salesUi.reports.period')}
          data-testid="lost-period"
        />
        <NumberInput
          w={170}
          label={t('callsUi.lost.within')}
          min={0}
          max={43200}
          allowDecimal={false}
          value={within}
          onChange={(v) => typeof v === 'number' && v >= 0 && setWithin(v)}
          data-testid="lost-within"
        />
        <SegmentedControl
          value={groupBy}
          onChange={(v) => {
            setGroupBy(v as 'manager' | 'line');
            setDrill(null);
          }}
          data={[
            { value: 'manager', label: t('callsUi.lost.byManager') },
            { value: 'line', label: t('callsUi.lost.byLine') },
          ]}
          data-testid="lost-group-by"
        />
      </Group>
      {report.isPending ? (
        <PageLoader />
      ) : report.error ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        data && (
          <>
            <Paper>
              <Table.ScrollContainer minWidth={800}>
                <Table data-testid="lost-groups" className="orbita-num">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{groupBy === 'manager' ? t('callsUi.lost.byManager') : t('callsUi.lost.byLine')}</Table.Th>
                      <Table.Th ta="right">{t('callsUi.lost.incoming')}</Table.Th>
                      <Table.Th ta="right">{t('callsUi.lost.missed')}</Table.Th>
                      <Table.Th ta="right">{t('callsUi.lost.calledBack')}</Table.Th>
                      <Table.Th ta="right">{t('callsUi.lost.answered')}</Table.Th>
                      <Table.Th ta="right">{t('callsUi.lost.handled')}</Table.Th>
                      <Table.Th ta="right">{t('callsUi.lost.pending')}</Table.Th>
                      <Table.Th ta="right">{t('callsUi.lost.lost')}</Table.Th>
                      <Table.Th ta="right">{t('callsUi.lost.rate')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.groups.length === 0 && (
                      <Table.Tr>
                        <Table.Td colSpan={9}>
                          <Text c="dimmed" ta="center" py="md">
                            {t('callsUi.lost.empty')}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    )}
                    {data.groups.map((g) => (
                      <Table.Tr
                        key={g.key}
                        data-testid="lost-group"
                        data-key={g.key}
                        bg={drill?.key === g.key ? 'var(--mantine-color-blue-light)' : undefined}
                      >
                        <Table.Td>
                          <UnstyledButton onClick={() => setDrill({ key: g.key, label: g.label })} data-testid="lost-drill">
                            <Text size="sm" fw={600} c="blue">
                              {g.label}
                            </Text>
                          </UnstyledButton>
                        </Table.Td>
                        <Table.Td ta="right">{g.incoming}</Table.Td>
                        <Table.Td ta="right">{g.missed}</Table.Td>
                        <Table.Td ta="right">{g.missedCalledBack}</Table.Td>
                        <Table.Td ta="right">{g.answered}</Table.Td>
                        <Table.Td ta="right">{g.answeredHandled}</Table.Td>
                        <Table.Td ta="right">{g.pending}</Table.Td>
                        <Table.Td ta="right">
                          <Text span size="sm" fw={g.lost ? 600 : undefined} c={g.lost ? 'red' : 'dimmed'}>
                            {g.lost}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right" data-testid="lost-rate">
                          {rate(g.lostRate)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    <Table.Tr>
                      <Table.Th>{t('salesUi.reports.total')}</Table.Th>
                      <Table.Th ta="right">{data.totals.incoming}</Table.Th>
                      <Table.Th ta="right">{data.totals.missed}</Table.Th>
                      <Table.Th ta="right">{data.totals.missedCalledBack}</Table.Th>
                      <Table.Th ta="right">{data.totals.answered}</Table.Th>
                      <Table.Th ta="right">{data.totals.answeredHandled}</Table.Th>
                      <Table.Th ta="right">{data.totals.pending}</Table.Th>
                      <Table.Th ta="right">{data.totals.lost}</Table.Th>
                      <Table.Th ta="right">{rate(data.totals.lostRate)}</Table.Th>
                    </Table.Tr>
                  </Table.Tfoot>
                </Table>
              </Table.ScrollContainer>
            </Paper>
            <Paper>
              <Group justify="space-between" p="sm" wrap="wrap">
                <Group gap="xs">
                  <Title order={5}>
                    {t('callsUi.lost.calls')}
                    {drill ? `: ${drill.label}` : ''}
                  </Title>
                  {drill && (
                    <Button size="compact-xs" variant="subtle" onClick={() => setDrill(null)} data-testid="lost-drill-clear">
                      {t('callsUi.lost.drillAll')}
                    </Button>
                  )}
                </Group>
                <SegmentedControl
                  size="xs"
                  value={outcome}
                  onChange={(v) => setOutcome(v as typeof outcome)}
                  data={(['lost', 'done', 'pending', 'all'] as const).map((o) => ({ value: o, label: t(`callsUi.lost.list.${o}`) }))}
                  data-testid="lost-outcome"
                />
              </Group>
              <Table.ScrollContainer minWidth={900}>
                <Table data-testid="lost-calls">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('callsUi.col.started')}</Table.Th>
                      <Table.Th>{t('callsUi.col.status')}</Table.Th>
                      <Table.Th>{t('callsUi.col.number')}</Table.Th>
                      <Table.Th>{t('callsUi.col.client')}</Table.Th>
                      <Table.Th>{t('callsUi.lost.byManager')}</Table.Th>
                      <Table.Th>{t('callsUi.lost.done')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.calls.items.length === 0 && (
                      <Table.Tr>
                        <Table.Td colSpan={6}>
                          <Text c="dimmed" ta="center" py="md">
                            {t('callsUi.lost.noCalls')}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    )}
                    {data.calls.items.map((i) => (
                      <Table.Tr key={i.call.id} data-testid="lost-call" data-call-id={i.call.id}>
                        <Table.Td>
                          <Text size="sm">{fmt.dateTime(i.call.startedAt)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Stack gap={4}>
                            <CallBadges call={i.call} />
                            <Badge variant="dot" color={outcomeColor[i.outcome]} data-testid="lost-outcome-badge">
                              {t(`callsUi.lost.outcome.${i.outcome}`)}
                            </Badge>
                          </Stack>
                        </Table.Td>
                        <Table.Td className="orbita-num">{externalNumber(i.call)}</Table.Td>
                        <Table.Td>
                          <ClientCell contact={i.contact} company={i.company} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{i.userName ?? '—'}</Text>
                        </Table.Td>
                        <Table.Td>
                          <FollowUp item={i} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <CursorPager pages={pages} nextCursor={data.calls.nextCursor} loading={report.isFetching} />
            </Paper>
          </>
        )
      )}
    </Stack>
  );
}
