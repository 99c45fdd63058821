import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ActionIcon, Badge, Box, Button, Group, Paper, Popover, ScrollArea, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconChevronLeft, IconChevronRight, IconEdit, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session';
import { ErrorState } from '../../ui/ErrorState';
import { useFormat } from '../../lib/format';
import { PageHeader } from '../../ui/PageHeader';
import { useUserOptions } from '../../ui/users';
import { useCalendar, type Activity } from '../activities/activities.api';
import { activityColors, activityIcons } from '../activities/ActivityTypeIcon';
import { RecordLink } from '../activities/ActivityItem';
import { useActivityActions } from '../activities/useActivityActions';
import {
  addDays,
  capitalizeFirst,
  dayStartUtc,
  fromWall,
  safeZone,
  startOfWeek,
  wallAt,
  wallParts,
  ymdOf,
  type Ymd,
} from '../../lib/zoned';

const HOUR_H = 48;
const MIN_EVENT_MIN = 25;
const DEFAULT_MINUTES = 30;

type Placed = { a: Activity; top: number; height: number; lane: number; lanes: number };

/** Lays out one day's activities: overlapping ones share the width side by side. */
function layoutDay(items: Activity[], tz: string): Placed[] {
  const ev = items
    .map((a) => {
      const p = wallParts(a.dueAt, tz);
      const start = p.hour * 60 + p.minute;
      const end = Math.min(24 * 60, start + Math.max(a.durationMinutes || DEFAULT_MINUTES, MIN_EVENT_MIN));
      return { a, start, end };
    })
    .sort((x, y) => x.start - y.start || y.end - x.end);
  const out: Placed[] = [];
  let cluster: { a: Activity; start: number; end: number; lane: number }[] = [];
  let clusterEnd = -1;
  const flush = () => {
    const lanes = Math.max(1, ...cluster.map((c) => c.lane + 1));
    for (const c of cluster)
      out.push({ a: c.a, top: (c.start / 60) * HOUR_H, height: Math.max(((c.end - c.start) / 60) * HOUR_H - 2, 18), lane: c.lane, lanes });
    cluster = [];
  };
  for (const e of ev) {
    if (e.start >= clusterEnd && cluster.length) flush();
    const laneEnds: number[] = [];
    for (const c of cluster) laneEnds[c.lane] = Math.max(laneEnds[c.lane] ?? 0, c.end);
    let lane = laneEnds.findIndex((end) => end === undefined || end <= e.start);
    if (lane === -1) lane = laneEnds.length;
    cluster.push({ ...e, lane });
    clusterEnd = Math.max(clusterEnd, e.end);
  }
  if (cluster.length) flush();
  return out;
}

function EventBlock({
  p,
  fmt,
  selected,
  onSelect,
  onComplete,
  onEdit,
}: {
  p: Placed;
  fmt: ReturnType<typeof useFormat>;
  selected: boolean;
  onSelect: (id: string | null) => void;
  onComplete: (a: Activity) => void;
  onEdit: (a: Activity) => void;
}) {
  const { t } = useTranslation();
  const a = p.a;
  const color = a.done ? 'gray' : a.isOverdue ? 'red' : activityColors[a.type];
  const Icon = activityIcons[a.type];
  return (
    <Popover opened={selected} onChange={(o) => !o && onSelect(null)} position="right-start" withArrow shadow="md" width={300} withinPortal>
      <Popover.Target>
        <Box
          data-testid="calendar-event"
          data-activity-id={a.id}
          onClick={(e) => {
            e.stopPropagation();
            onSelect(selected ? null : a.id);
          }}
          style={{
            position: 'absolute',
            top: p.top,
            height: p.height,
            left: `calc(${(p.lane / p.lanes) * 100}% + 2px)`,
            width: `calc(${100 / p.lanes}% - 4px)`,
            background: `var(--mantine-color-${color}-light)`,
            borderLeft: `3px solid var(--mantine-color-${color}-filled)`,
            borderRadius: 4,
            padding: '1px 4px',
            overflow: 'hidden',
            cursor: 'pointer',
            opacity: a.done ? 0.65 : 1,
            zIndex: selected ? 3 : 2,
          }}
        >
          <Group gap={3} wrap="nowrap">
            <Icon size={12} style={{ flexShrink: 0 }} />
            <Text size="xs" fw={600} className="orbita-num" style={{ whiteSpace: 'nowrap' }}>
              {fmt.time(a.dueAt)}
            </Text>
            <Text size="xs" truncate td={a.done ? 'line-through' : undefined}>
              {a.subject}
            </Text>
          </Group>
        </Box>
      </Popover.Target>
      <Popover.Dropdown onClick={(e) => e.stopPropagation()}>
        <Stack gap={6}>
          <Group gap={6}>
            <Badge size="sm" variant="light" color={activityColors[a.type]}>
              {t(`salesUi.activityTypes.${a.type}`)}
            </Badge>
            {a.isOverdue && (
              <Badge size="sm" color="red" variant="light">
                {t('salesUi.agenda.overdue')}
              </Badge>
            )}
            {a.done && (
              <Badge size="sm" color="teal" variant="light">
                {t('salesUi.agenda.done')}
              </Badge>
            )}
          </Group>
          <Text fw={600}>{a.subject}</Text>
          <Text size="sm" c="dimmed">
            {fmt.dateTime(a.dueAt)}
            {a.durationMinutes ? ` · ${t('salesUi.activities.minutes', { count: a.durationMinutes })}` : ''}
          </Text>
          <Group gap="xs">
            {a.contactId && <RecordLink kind="contact" id={a.contactId} />}
            {a.companyId && <RecordLink kind="company" id={a.companyId} />}
            {a.dealId && <RecordLink kind="deal" id={a.dealId} />}
          </Group>
          {a.notes && (
            <Text size="sm" lineClamp={4}>
              {a.notes}
            </Text>
          )}
          {a.done && a.outcome && (
            <Text size="sm">
              <b>{t('salesUi.activities.outcome')}:</b> {a.outcome}
            </Text>
          )}
          <Group gap="xs" mt={4}>
            {!a.done && (
              <Button
                size="compact-sm"
                color="teal"
                leftSection={<IconCheck size={14} />}
                onClick={() => {
                  onSelect(null);
                  onComplete(a);
                }}
                data-testid="complete-activity"
              >
                {t('salesUi.agenda.complete')}
              </Button>
            )}
            <Button
              size="compact-sm"
              variant="default"
              leftSection={<IconEdit size={14} />}
              onClick={() => {
                onSelect(null);
                onEdit(a);
              }}
            >
              {t('salesUi.common.edit')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** Week calendar: seven day columns by hours in the user's time zone, activities placed by time. */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const fmt = useFormat();
  const tz = safeZone(me.user.timeZone);
  const canPickUser = ['admin', 'director', 'head_of_sales'].includes(me.user.role);
  const users = useUserOptions();
  const [params, setParams] = useSearchParams();
  const firstDay: 0 | 1 = i18n.language === 'en' ? 0 : 1;
  const today = ymdOf(new Date(), tz);
  const weekParam = params.get('week');
  const weekStart = startOfWeek(weekParam && /^\d{4}-\d{2}-\d{2}$/.test(weekParam) ? weekParam : today, firstDay);
  const userId = params.get('user') ?? undefined;
  const days: Ymd[] = useMemo(() => Array.from({ length: 7 }, (_, i) => addDays(weekStart, i)), [weekStart]);
  const from = dayStartUtc(weekStart, tz).toISOString();
  const to = dayStartUtc(addDays(weekStart, 7), tz).toISOString();
  const cal = useCalendar(from, to, userId);
  const actions = useActivityActions();
  const [selected, setSelected] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    // Open at the start of the working day rather than at midnight.
    scrollRef.current?.scrollTo({ top: 7 * HOUR_H });
  }, []);

  const byDay = useMemo(() => {
    const m = new Map<Ymd, Activity[]>();
    for (const a of cal.data?.items ?? []) {
      const d = ymdOf(a.dueAt, tz);
      const list = m.get(d);
      if (list) list.push(a);
      else m.set(d, [a]);
    }
    return new Map([...m.entries()].map(([d, items]) => [d, layoutDay(items, tz)]));
  }, [cal.data?.items, tz]);

  const setWeek = (ymd: Ymd | null) => {
    const next = new URLSearchParams(params);
    if (ymd) next.set('week', ymd);
    else next.delete('week');
    setParams(next, { replace: true });
  };
  const setUser = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('user', id);
    else next.delete('user');
    setParams(next, { replace: true });
  };

  const dayFmt = useMemo(() => new Intl.DateTimeFormat(fmt.locale, { weekday: 'short', day: 'numeric', timeZone: 'UTC' }), [fmt.locale]);
  const rangeFmt = useMemo(
    () => new Intl.DateTimeFormat(fmt.locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
    [fmt.locale],
  );
  const hourFmt = useMemo(() => new Intl.DateTimeFormat(fmt.locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }), [fmt.locale]);
  const asUtcDate = (ymd: Ymd) => new Date(`${ymd}T00:00:00Z`);
  const nowParts = wallParts(now, tz);
  const nowTop = ((nowParts.hour * 60 + nowParts.minute) / 60) * HOUR_H;

  const createAt = (day: Ymd, e: React.MouseEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const minutes = Math.floor(((e.clientY - rect.top) / HOUR_H) * 2) * 30;
    const h = Math.min(23, Math.floor(minutes / 60));
    actions.create({ dueAt: fromWall(wallAt(day, h, minutes % 60), tz) ?? undefined, ownerId: userId });
  };

  return (
    <>
      <PageHeader
        title={t('salesUi.calendar.title')}
        subtitle={`${rangeFmt.format(asUtcDate(days[0]))} — ${rangeFmt.format(asUtcDate(days[6]))}`}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => actions.create({ ownerId: userId })}>
            {t('salesUi.activities.new')}
          </Button>
        }
      />
      <Group gap="xs" mb="sm" wrap="wrap">
        <ActionIcon
          variant="default"
          size="lg"
          onClick={() => setWeek(addDays(weekStart, -7))}
          aria-label={t('salesUi.calendar.prevWeek')}
          data-testid="calendar-prev"
        >
          <IconChevronLeft size={18} />
        </ActionIcon>
        <Button variant="default" onClick={() => setWeek(null)}>
          {t('salesUi.calendar.thisWeek')}
        </Button>
        <ActionIcon
          variant="default"
          size="lg"
          onClick={() => setWeek(addDays(weekStart, 7))}
          aria-label={t('salesUi.calendar.nextWeek')}
          data-testid="calendar-next"
        >
          <IconChevronRight size={18} />
        </ActionIcon>
        {canPickUser && (
          <Select
            w={240}
            placeholder={t('salesUi.agenda.myAgenda')}
            data={users}
            value={userId ?? null}
            onChange={setUser}
            searchable
            clearable
            aria-label={t('salesUi.agenda.ofUser')}
          />
        )}
        <Text size="xs" c="dimmed" ml="auto">
          {t('salesUi.calendar.zone', { zone: tz })}
        </Text>
      </Group>
      {cal.error ? (
        <ErrorState error={cal.error} onRetry={() => void cal.refetch()} />
      ) : (
        <Paper p={0} style={{ overflow: 'hidden', opacity: cal.isFetching && !cal.data ? 0.6 : 1 }}>
          <Box
            style={{
              display: 'grid',
              gridTemplateColumns: '56px repeat(7, minmax(110px, 1fr))',
              borderBottom: '1px solid var(--mantine-color-default-border)',
            }}
          >
            <div />
            {days.map((d) => (
              <Box
                key={d}
                py={6}
                ta="center"
                style={{
                  borderLeft: '1px solid var(--mantine-color-default-border)',
                  background: d === today ? 'var(--mantine-primary-color-light)' : undefined,
                }}
              >
                <Text size="sm" fw={d === today ? 700 : 500} c={d === today ? 'var(--mantine-primary-color-filled)' : undefined}>
                  {capitalizeFirst(dayFmt.format(asUtcDate(d)), i18n.language)}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('salesUi.calendar.count', { count: byDay.get(d)?.length ?? 0 })}
                </Text>
              </Box>
            ))}
          </Box>
          <ScrollArea h="calc(100dvh - 260px)" viewportRef={scrollRef} type="auto">
            <Box style={{ display: 'grid', gridTemplateColumns: '56px repeat(7, minmax(110px, 1fr))', position: 'relative' }}>
              <Box>
                {Array.from({ length: 24 }, (_, h) => (
                  <Box key={h} h={HOUR_H} pr={6} ta="right" style={{ position: 'relative' }}>
                    <Text size="xs" c="dimmed" className="orbita-num" style={{ position: 'relative', top: -8 }}>
                      {h === 0 ? '' : hourFmt.format(new Date(Date.UTC(2000, 0, 1, h)))}
                    </Text>
                  </Box>
                ))}
              </Box>
              {days.map((d) => (
                <Box
                  key={d}
                  data-testid="calendar-day"
                  data-day={d}
                  onClick={(e) => createAt(d, e)}
                  style={{
                    position: 'relative',
                    height: 24 * HOUR_H,
                    borderLeft: '1px solid var(--mantine-color-default-border)',
                    // Hour lines over a shade outside working hours (9-18), so the eye finds the day at once.
                    backgroundImage: [
                      `repeating-linear-gradient(to bottom, var(--mantine-color-default-border) 0, var(--mantine-color-default-border) 1px, transparent 1px, transparent ${HOUR_H}px)`,
                      `linear-gradient(to bottom, var(--mantine-color-gray-0) 0, var(--mantine-color-gray-0) ${9 * HOUR_H}px, transparent ${9 * HOUR_H}px, transparent ${18 * HOUR_H}px, var(--mantine-color-gray-0) ${18 * HOUR_H}px)`,
                    ].join(', '),
                    backgroundColor: d === today ? 'color-mix(in srgb, var(--mantine-primary-color-light) 35%, transparent)' : undefined,
                    cursor: 'copy',
                  }}
                >
                  {(byDay.get(d) ?? []).map((p) => (
                    <EventBlock
                      key={p.a.id}
                      p={p}
                      fmt={fmt}
                      selected={selected === p.a.id}
                      onSelect={setSelected}
                      onComplete={actions.complete}
                      onEdit={actions.edit}
                    />
                  ))}
                  {d === today && (
                    <Tooltip label={fmt.time(now.toISOString())}>
                      <Box
                        style={{
                          position: 'absolute',
                          left: 0,
                          right: 0,
                          top: nowTop,
                          height: 2,
                          background: 'var(--mantine-color-red-6)',
                          zIndex: 4,
                        }}
                      />
                    </Tooltip>
                  )}
                </Box>
              ))}
            </Box>
          </ScrollArea>
        </Paper>
      )}
      {actions.dialogs}
    </>
  );
}
