import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowsShuffle, IconRefresh, IconUsersGroup, IconUserSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session';
import { ErrorState } from '../../ui/ErrorState';
import { useFormat } from '../../lib/format';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { useTeams, useUserNames } from '../../ui/users';
import { CursorPager, useCursorPages } from '../../lib/CursorPager';
import { useMoneyFormat } from '../../lib/money';
import { CapacityEditor } from './CapacityEditor';
import { useDashboard, useRefreshDashboard, useStaleContacts, type Dashboard } from './control.api';
import { ReassignDialog } from './ReassignDialog';
import { dealListPath, recordPath } from '../../lib/records';

const num = (n: number, tone?: string) =>
  n ? (
    <Text span size="sm" fw={tone ? 600 : undefined} c={tone}>
      {n}
    </Text>
  ) : (
    <Text span size="sm" c="dimmed">
      0
    </Text>
  );

/** Lost calls of a manager and their share of the decided incoming calls; a link to the report. */
function LostCalls({ value }: { value: Dashboard['items'][number]['lostCalls'] }) {
  if (!value) return num(0);
  return (
    <Anchor component={Link} to="/calls/lost" size="sm" c={value.lost ? 'red' : 'dimmed'} fw={value.lost ? 600 : undefined}>
      {value.lost}
      {value.lostRate !== null && (
        <Text span size="xs" c="dimmed">
          {' '}
          ({value.lostRate}%)
        </Text>
      )}
    </Anchor>
  );
}

function DashboardTable({ data, onStale, canEdit }: { data: Dashboard; onStale: (userId: string) => void; canEdit: boolean }) {
  const { t } = useTranslation();
  const money = useMoneyFormat();
  const tot = data.totals;
  return (
    <Paper>
      <Table.ScrollContainer minWidth={1100}>
        <Table data-testid="team-dashboard" className="orbita-num">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('salesUi.reports.manager')}</Table.Th>
              <Table.Th ta="right">{t('salesUi.team.openDeals')}</Table.Th>
              <Table.Th ta="right">{t('salesUi.team.weighted')}</Table.Th>
              <Table.Th>{t('salesUi.team.contactsCapacity')}</Table.Th>
              <Table.Th ta="right">{t('salesUi.team.planned')}</Table.Th>
              <Table.Th ta="right">{t('salesUi.team.done')}</Table.Th>
              <Table.Th ta="right">{t('salesUi.team.overdue')}</Table.Th>
              <Table.Th ta="right">
                <Tooltip label={t('callsUi.team.lostRateHelp', { count: data.days })}>
                  <span>{t('callsUi.team.lostRate')}</span>
                </Tooltip>
              </Table.Th>
              <Table.Th ta="right">{t('salesUi.team.noNextStep')}</Table.Th>
              <Table.Th ta="right">
                <Tooltip label={t('salesUi.team.untouchedHelp', { count: data.days })}>
                  <span>{t('salesUi.team.untouched', { count: data.days })}</span>
                </Tooltip>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={10}>
                  <Text c="dimmed" ta="center" py="md">
                    {t('salesUi.team.noManagers')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {data.items.map((r) => {
              const other = r.openDealsWeightedByCurrency.filter((c) => c.currency !== data.currency);
              const done = r.activitiesPlannedThisWeek ? Math.round((r.activitiesDoneThisWeek / r.activitiesPlannedThisWeek) * 100) : null;
              return (
                <Table.Tr key={r.userId} data-testid="team-row" data-user-id={r.userId}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {r.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`salesUi.roles.${r.role}`, { defaultValue: r.role })}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Anchor component={Link} to={dealListPath({ owner: r.userId, pipeline: 'all', status: 'open' })} size="sm">
                      {r.openDeals}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{money.money(r.openDealsWeighted, data.currency)}</Text>
                    {other.map((c) => (
                      <Text key={c.currency} size="xs" c="dimmed">
                        {money.money(c.amount, c.currency)}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    <CapacityEditor userId={r.userId} name={r.name} owned={r.contactsOwned} capacity={r.capacity} canEdit={canEdit} />
                  </Table.Td>
                  <Table.Td ta="right">{num(r.activitiesPlannedThisWeek)}</Table.Td>
                  <Table.Td ta="right">
                    {num(r.activitiesDoneThisWeek)}
                    {done !== null && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        ({done}%)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {r.activitiesOverdue ? (
                      <Anchor component={Link} to={`/agenda?user=${r.userId}`} size="sm" c="red" fw={600}>
                        {r.activitiesOverdue}
                      </Anchor>
                    ) : (
                      num(0)
                    )}
                  </Table.Td>
                  <Table.Td ta="right" data-testid="team-lost-calls">
                    <LostCalls value={r.lostCalls} />
                  </Table.Td>
                  <Table.Td ta="right">
                    {r.dealsWithoutNextStep ? (
                      <Anchor
                        component={Link}
                        to={dealListPath({ owner: r.userId, pipeline: 'all', status: 'open', noNextStep: true })}
                        size="sm"
                        c="orange.8"
                        fw={600}
                      >
                        {r.dealsWithoutNextStep}
                      </Anchor>
                    ) : (
                      num(0)
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {r.contactsUntouched ? (
                      <UnstyledButton onClick={() => onStale(r.userId)} data-testid="team-untouched">
                        <Text size="sm" c="orange.8" fw={600} td="underline">
                          {r.contactsUntouched}
                        </Text>
                      </UnstyledButton>
                    ) : (
                      num(0)
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th>{t('salesUi.reports.total')}</Table.Th>
              <Table.Th ta="right">{tot.openDeals}</Table.Th>
              <Table.Th ta="right">{money.money(tot.openDealsWeighted, data.currency)}</Table.Th>
              <Table.Th>{tot.contactsOwned}</Table.Th>
              <Table.Th ta="right">{tot.activitiesPlannedThisWeek}</Table.Th>
              <Table.Th ta="right">{tot.activitiesDoneThisWeek}</Table.Th>
              <Table.Th ta="right">{tot.activitiesOverdue}</Table.Th>
              <Table.Th ta="right">
                <LostCalls value={tot.lostCalls} />
              </Table.Th>
              <Table.Th ta="right">{tot.dealsWithoutNextStep}</Table.Th>
              <Table.Th ta="right">{tot.contactsUntouched}</Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function scoreColor(score: number) {
  if (score >= 180) return 'red';
  if (score >= 90) return 'orange';
  if (score >= 30) return 'yellow';
  return 'gray';
}

function StaleContacts({
  managers,
  ownerId,
  setOwnerId,
}: {
  managers: Dashboard['items'];
  ownerId: string | null;
  setOwnerId: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const names = useUserNames();
  const [minScore, setMinScore] = useState<number | string>('');
  const pages = useCursorPages([ownerId, minScore]);
  const stale = useStaleContacts({ ownerId, minScore: minScore === '' ? undefined : Number(minScore), cursor: pages.cursor, limit: 50 });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reassigning, setReassigning] = useState<string[] | null>(null);

  const items = stale.data?.items ?? [];
  const allOnPage = items.length > 0 && items.every((c) => selected.has(c.contactId));
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const togglePage = () =>
    setSelected((s) => {
      const n = new Set(s);
      for (const c of items) {
        if (allOnPage) n.delete(c.contactId);
        else n.add(c.contactId);
      }
      return n;
    });

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap">
        <Select
          w={260}
          placeholder={t('salesUi.team.allManagers')}
          data={managers.map((m) => ({ value: m.userId, label: m.name }))}
          value={ownerId}
          onChange={(v) => {
            setOwnerId(v);
            setSelected(new Set());
          }}
          clearable
          searchable
          aria-label={t('salesUi.reports.manager')}
          data-testid="stale-owner"
        />
        <NumberInput
          w={170}
          placeholder={t('salesUi.team.minScore')}
          min={0}
          value={minScore}
          onChange={setMinScore}
          aria-label={t('salesUi.team.minScore')}
        />
        <Tooltip label={t('salesUi.team.scoreHelp')} multiline w={340}>
          <Badge variant="light" color="gray" style={{ cursor: 'help' }}>
            {t('salesUi.team.howScored')}
          </Badge>
        </Tooltip>
        <Button
          ml="auto"
          leftSection={<IconArrowsShuffle size={16} />}
          disabled={selected.size === 0}
          onClick={() => setReassigning([...selected])}
          data-testid="reassign-open"
        >
          {t('salesUi.team.reassignSelected', { count: selected.size })}
        </Button>
      </Group>
      {stale.isPending ? (
        <PageLoader />
      ) : stale.error ? (
        <ErrorState error={stale.error} onRetry={() => void stale.refetch()} />
      ) : (
        <Paper>
          <Table.ScrollContainer minWidth={820}>
            <Table data-testid="stale-contacts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      checked={allOnPage}
                      indeterminate={!allOnPage && items.some((c) => selected.has(c.contactId))}
                      onChange={togglePage}
                      aria-label={t('salesUi.team.selectPage')}
                    />
                  </Table.Th>
                  <Table.Th>{t('salesUi.team.contact')}</Table.Th>
                  <Table.Th>{t('salesUi.reports.manager')}</Table.Th>
                  <Table.Th>{t('salesUi.team.segment')}</Table.Th>
                  <Table.Th>{t('salesUi.team.lastContact')}</Table.Th>
                  <Table.Th ta="right">{t('salesUi.team.openDeals')}</Table.Th>
                  <Table.Th ta="right">{t('salesUi.team.score')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={7}>
                      <Text c="dimmed" ta="center" py="md">
                        {t('salesUi.team.noStale')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {items.map((c) => (
                  <Table.Tr
                    key={c.contactId}
                    data-testid="stale-row"
                    data-contact-id={c.contactId}
                    bg={selected.has(c.contactId) ? 'var(--mantine-primary-color-light)' : undefined}
                  >
                    <Table.Td>
                      <Checkbox
                        checked={selected.has(c.contactId)}
                        onChange={() => toggle(c.contactId)}
                        aria-label={c.name}
                        data-testid="stale-select"
                      />
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={recordPath('contact', c.contactId)} size="sm" fw={500}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{c.ownerId ? (names.get(c.ownerId) ?? '—') : '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      {c.segment ? (
                        <Badge variant="light" color="gray">
                          {c.segment}
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{c.lastActivityAt ? fmt.date(c.lastActivityAt) : t('salesUi.team.never')}</Text>
                      <Text size="xs" c="dimmed">
                        {t('salesUi.team.daysAgo', { count: c.daysSinceLastActivity })}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" className="orbita-num">
                      {c.openDeals}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Badge color={scoreColor(c.score)} variant="light" className="orbita-num">
                        {fmt.number(c.score)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <CursorPager pages={pages} nextCursor={stale.data?.nextCursor ?? null} loading={stale.isFetching} />
        </Paper>
      )}
      <ReassignDialog
        contactIds={reassigning}
        managers={managers}
        onClose={() => setReassigning(null)}
        onDone={() => setSelected(new Set())}
      />
    </Stack>
  );
}

/** The head of sales' control: load per manager, overdue follow-ups, stale contacts and their redistribution. */
export function TeamPage() {
  const { t } = useTranslation();
  const me = useSession();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const teams = useTeams();
  const [teamId, setTeamId] = useState<string | null>(null);
  const [days, setDays] = useState('30');
  const dashboard = useDashboard({ teamId, days: Number(days) });
  const refreshDashboard = useRefreshDashboard();
  const [refreshing, setRefreshing] = useState(false);
  const tab = params.get('tab') === 'stale' ? 'stale' : 'load';
  const staleOwner = params.get('owner');
  const canEdit = ['head_of_sales', 'director', 'admin'].includes(me.user.role);
  const managers = useMemo(() => dashboard.data?.items ?? [], [dashboard.data]);

  const setParam = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next))
      if (v) p.set(k, v);
      else p.delete(k);
    setParams(p, { replace: true });
  };

  return (
    <>
      <PageHeader title={t('salesUi.team.title')} subtitle={t('salesUi.team.subtitle')} />
      <Group gap="sm" mb="md" wrap="wrap">
        {me.user.role !== 'head_of_sales' && (teams.data?.length ?? 0) > 0 && (
          <Select
            w={220}
            placeholder={t('salesUi.team.allTeams')}
            data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            value={teamId}
            onChange={setTeamId}
            clearable
            aria-label={t('salesUi.team.team')}
          />
        )}
        <Select
          w={220}
          data={['7', '14', '30', '60', '90'].map((d) => ({ value: d, label: t('salesUi.team.untouchedFor', { count: Number(d) }) }))}
          value={days}
          onChange={(v) => v && setDays(v)}
          allowDeselect={false}
          aria-label={t('salesUi.team.untouchedDays')}
        />
        {dashboard.data && (
          <Text size="xs" c="dimmed">
            {/* weekEnd is exclusive (next Monday 00:00): the last day shown is the one before it. */}
            {t('salesUi.team.week', {
              from: fmt.date(dashboard.data.weekStart),
              to: fmt.date(new Date(new Date(dashboard.data.weekEnd).getTime() - 1).toISOString()),
            })}
          </Text>
        )}
        {dashboard.data && (
          <Group gap={6} ml="auto">
            <Text size="xs" c="dimmed">
              {t('salesUi.team.computedAt', { time: fmt.time(dashboard.data.computedAt) })}
            </Text>
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<IconRefresh size={14} />}
              loading={refreshing}
              onClick={() => {
                setRefreshing(true);
                void refreshDashboard().finally(() => setRefreshing(false));
              }}
              data-testid="team-refresh"
            >
              {t('salesUi.team.refresh')}
            </Button>
          </Group>
        )}
      </Group>
      <Tabs value={tab} onChange={(v) => setParam({ tab: v === 'stale' ? 'stale' : null })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="load" leftSection={<IconUsersGroup size={16} />} data-testid="tab-load">
            {t('salesUi.team.loadTab')}
          </Tabs.Tab>
          <Tabs.Tab value="stale" leftSection={<IconUserSearch size={16} />} data-testid="tab-stale">
            {t('salesUi.team.staleTab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="load">
          {dashboard.isPending ? (
            <PageLoader />
          ) : dashboard.error ? (
            <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
          ) : (
            dashboard.data && (
              <DashboardTable data={dashboard.data} canEdit={canEdit} onStale={(userId) => setParam({ tab: 'stale', owner: userId })} />
            )
          )}
        </Tabs.Panel>
        <Tabs.Panel value="stale">
          <StaleContacts managers={managers} ownerId={staleOwner} setOwnerId={(id) => setParam({ owner: id })} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
