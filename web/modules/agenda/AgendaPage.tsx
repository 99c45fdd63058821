import { useMemo, useState, type ReactNode } from 'react';
import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCalendarEvent,
  IconCalendarWeek,
  IconChevronDown,
  IconChevronUp,
  IconCircleCheck,
  IconPlus,
  IconSun,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../lib/session';
import { ErrorState } from '../../ui/ErrorState';
import { useFormat } from '../../lib/format';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { ExportButton } from '../../ui/ExportButton';
import { useUserNames, useUserOptions } from '../../ui/users';
import { useAgenda, useAgendaSection, type AgendaItem } from '../activities/activities.api';
import { ActivityItem } from '../activities/ActivityItem';
import { QuickActivityForm } from '../activities/QuickActivityForm';
import { useActivityActions } from '../activities/useActivityActions';
import { capitalizeFirst, safeZone, ymdOf } from '../../lib/zoned';

// The page's one request lists today whole, the overdue ones only counted (expanding loads them) and
// the first upcoming ones; the rest of a section pages on from its cursor.
const AGENDA_LIMITS = { overdueLimit: 0, upcomingLimit: 50 };

function Section({
  title,
  icon,
  color,
  count,
  children,
  testId,
  extra,
}: {
  title: string;
  icon: ReactNode;
  color: string;
  count: number;
  children: ReactNode;
  testId: string;
  /** Beside the title (the overdue section's expand button). */
  extra?: ReactNode;
}) {
  return (
    <Stack gap="xs" data-testid={testId}>
      <Group gap="xs">
        <ThemeIcon variant="light" color={color} size="md" radius="xl">
          {icon}
        </ThemeIcon>
        <Title order={4}>{title}</Title>
        <Badge variant="light" color={color} data-testid={`${testId}-count`}>
          {count}
        </Badge>
        {extra}
      </Group>
      {children}
    </Stack>
  );
}

/** A manager's day: today first, the overdue ones counted (expanded on demand), then the coming days; complete, plan, postpone in place. */
export function AgendaPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const fmt = useFormat();
  const tz = safeZone(me.user.timeZone);
  const canPickUser = ['admin', 'director', 'head_of_sales'].includes(me.user.role);
  const users = useUserOptions();
  const names = useUserNames();
  const [params, setParams] = useSearchParams();
  // Heads open a manager's agenda from the team page (?user=...); others always see their own.
  const userId = canPickUser ? params.get('user') : null;
  const setUserId = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('user', id);
    else next.delete('user');
    setParams(next, { replace: true });
  };
  const [days, setDays] = useState('7');
  const [overdueOpen, setOverdueOpen] = useState(false);
  const [moreUpcoming, setMoreUpcoming] = useState(false);
  const agenda = useAgenda(userId ?? undefined, Number(days), AGENDA_LIMITS);
  const overdueQuery = useAgendaSection('overdue', userId ?? undefined, Number(days), null, overdueOpen);
  const upcomingQuery = useAgendaSection(
    'upcoming',
    userId ?? undefined,
    Number(days),
    agenda.data?.upcomingNextCursor ?? null,
    moreUpcoming && !!agenda.data?.upcomingNextCursor,
  );
  const actions = useActivityActions();

  const dayHeader = useMemo(
    () => new Intl.DateTimeFormat(fmt.locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: tz }),
    [fmt.locale, tz],
  );
  const upcomingMore = moreUpcoming && agenda.data?.upcomingNextCursor ? upcomingQuery.data?.pages : undefined;
  const upcoming = useMemo(
    () => [...(agenda.data?.upcoming ?? []), ...(upcomingMore ?? []).flatMap((p) => p.items)],
    [agenda.data?.upcoming, upcomingMore],
  );
  const upcomingByDay = useMemo(() => {
    const groups = new Map<string, AgendaItem[]>();
    for (const a of upcoming) {
      const key = ymdOf(a.dueAt, tz);
      const g = groups.get(key);
      if (g) g.push(a);
      else groups.set(key, [a]);
    }
    return [...groups.entries()];
  }, [upcoming, tz]);

  const otherOwner = userId && userId !== me.user.id;
  const row = (a: AgendaItem, timeStyle: 'time' | 'dateTime') => (
    <ActivityItem
      key={a.id}
      activity={a}
      fmt={fmt}
      timeStyle={timeStyle}
      ownerName={otherOwner ? undefined : a.ownerId !== me.user.id ? names.get(a.ownerId) : undefined}
      onComplete={actions.complete}
      onEdit={actions.edit}
      onPostpone={actions.postpone}
      onDelete={actions.remove}
    />
  );

  const data = agenda.data;
  const overdue = overdueQuery.data?.pages.flatMap((p) => p.items) ?? [];
  const upcomingHasMore = moreUpcoming ? upcomingQuery.hasNextPage : !!data?.upcomingNextCursor;
  const todayDone = (data?.today ?? []).filter((a) => a.done).length;

  return (
    <>
      <PageHeader
        title={t('salesUi.agenda.title')}
        subtitle={data ? capitalizeFirst(dayHeader.format(new Date(data.now)), i18n.language) : undefined}
        actions={
          <>
            {/* What the agenda lists: this person's open activities, overdue ones and those of the coming days. */}
            <ExportButton
              entity="activities"
              query={{
                ownerId: userId ?? me.user.id,
                done: 'false',
                to: data ? new Date(new Date(data.now).getTime() + Number(days) * 86_400_000).toISOString() : undefined,
                order: 'asc',
              }}
            />
            <Button variant="default" component={Link} to="/calendar" leftSection={<IconCalendarWeek size={16} />}>
              {t('salesUi.agenda.weekView')}
            </Button>
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => actions.create({ ownerId: userId ?? undefined })}
              data-testid="activity-new"
            >
              {t('salesUi.activities.new')}
            </Button>
          </>
        }
      />
      <Stack gap="md">
        <Group gap="sm" wrap="wrap">
          {canPickUser && (
            <Select
              w={240}
              placeholder={t('salesUi.agenda.myAgenda')}
              data={users}
              value={userId}
              onChange={setUserId}
              searchable
              clearable
              aria-label={t('salesUi.agenda.ofUser')}
              data-testid="agenda-user"
            />
          )}
          <Select
            w={210}
            data={['3', '7', '14', '30'].map((d) => ({ value: d, label: t('salesUi.agenda.nextDays', { count: Number(d) }) }))}
            value={days}
            onChange={(v) => v && setDays(v)}
            allowDeselect={false}
            aria-label={t('salesUi.agenda.horizon')}
          />
          {data && (
            <Group gap="xs" ml="auto">
              <Badge size="lg" variant="light" color={data.overdueTotal ? 'red' : 'gray'} leftSection={<IconAlertTriangle size={14} />}>
                {t('salesUi.agenda.overdueCount', { count: data.overdueTotal })}
              </Badge>
              <Badge size="lg" variant="light" color="blue" leftSection={<IconCircleCheck size={14} />}>
                {t('salesUi.agenda.todayProgress', { done: todayDone, total: data.today.length })}
              </Badge>
            </Group>
          )}
        </Group>
        <QuickActivityForm onMore={actions.create} ownerId={userId ?? undefined} />
        {agenda.isPending ? (
          <PageLoader />
        ) : agenda.error ? (
          <ErrorState error={agenda.error} onRetry={() => void agenda.refetch()} />
        ) : (
          data && (
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg" style={{ alignItems: 'start' }}>
              <Stack gap="lg">
                <Section
                  testId="agenda-today"
                  title={t('salesUi.agenda.today')}
                  icon={<IconSun size={16} />}
                  color="blue"
                  count={data.today.length}
                >
                  {data.today.length === 0 && (
                    <Paper p="md">
                      <Text c="dimmed" size="sm" ta="center">
                        {t('salesUi.agenda.todayEmpty')}
                      </Text>
                    </Paper>
                  )}
                  {data.today.map((a) => row(a, 'time'))}
                </Section>
                {data.overdueTotal > 0 && (
                  <Section
                    testId="agenda-overdue"
                    title={t('salesUi.agenda.overdue')}
                    icon={<IconAlertTriangle size={16} />}
                    color="red"
                    count={data.overdueTotal}
                    extra={
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        ml="auto"
                        onClick={() => setOverdueOpen((o) => !o)}
                        rightSection={overdueOpen ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
                        aria-expanded={overdueOpen}
                        data-testid="agenda-overdue-toggle"
                      >
                        {overdueOpen ? t('salesUi.agenda.hideOverdue') : t('salesUi.agenda.showAll', { count: data.overdueTotal })}
                      </Button>
                    }
                  >
                    {overdueOpen &&
                      (overdueQuery.isPending ? (
                        <PageLoader />
                      ) : overdueQuery.error ? (
                        <ErrorState error={overdueQuery.error} onRetry={() => void overdueQuery.refetch()} />
                      ) : (
                        <>
                          {overdue.map((a) => row(a, 'dateTime'))}
                          {overdueQuery.hasNextPage && (
                            <Button
                              variant="subtle"
                              loading={overdueQuery.isFetchingNextPage}
                              onClick={() => void overdueQuery.fetchNextPage()}
                              data-testid="agenda-overdue-more"
                            >
                              {t('ui.list.loadMore')}
                            </Button>
                          )}
                        </>
                      ))}
                  </Section>
                )}
              </Stack>
              <Section
                testId="agenda-upcoming"
                title={t('salesUi.agenda.upcoming')}
                icon={<IconCalendarEvent size={16} />}
                color="grape"
                count={upcoming.length}
              >
                {upcomingByDay.length === 0 && (
                  <Paper p="md">
                    <Text c="dimmed" size="sm" ta="center">
                      {t('salesUi.agenda.upcomingEmpty')}
                    </Text>
                  </Paper>
                )}
                {upcomingByDay.map(([day, items]) => (
                  <Stack key={day} gap={6}>
                    <Text size="sm" fw={600} c="dimmed">
                      {capitalizeFirst(dayHeader.format(new Date(items[0].dueAt)), i18n.language)}
                    </Text>
                    {items.map((a) => row(a, 'time'))}
                  </Stack>
                ))}
                {upcomingHasMore && (
                  <Button
                    variant="subtle"
                    loading={moreUpcoming && upcomingQuery.isFetching}
                    onClick={() => (moreUpcoming ? void upcomingQuery.fetchNextPage() : setMoreUpcoming(true))}
                    data-testid="agenda-upcoming-more"
                  >
                    {t('ui.list.loadMore')}
                  </Button>
                )}
              </Section>
            </SimpleGrid>
          )
        )}
      </Stack>
      {actions.dialogs}
    </>
  );
}
