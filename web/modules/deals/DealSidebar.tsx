import { useMemo } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import { IconArrowRight, IconPlus, IconSparkles, IconThumbDown, IconTrophy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useActivityList, type Activity } from '../activities/activities.api';
import { ActivityItem } from '../activities/ActivityItem';
import { ActivityTypeIcon } from '../activities/ActivityTypeIcon';
import type { useActivityActions } from '../activities/useActivityActions';
import { useDealHistory, type Deal, type StageMove } from './deals.api';

type Entry = { at: string; kind: 'activity'; a: Activity } | { at: string; kind: 'move'; m: StageMove } | { at: string; kind: 'created' };

/** Planned activities of the deal (complete them here) and its history: done activities and stage moves. */
export function DealSidebar({ deal, actions }: { deal: Deal; actions: ReturnType<typeof useActivityActions> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const activities = useActivityList({ dealId: deal.id, limit: 200, order: 'asc' });
  const history = useDealHistory(deal.id);

  const planned = (activities.data?.items ?? []).filter((a) => !a.done);
  const entries = useMemo(() => {
    const list: Entry[] = [];
    for (const a of activities.data?.items ?? []) if (a.done) list.push({ at: a.doneAt ?? a.dueAt, kind: 'activity', a });
    for (const m of history.data ?? []) if (m.fromStageId) list.push({ at: m.movedAt, kind: 'move', m });
    list.push({ at: deal.createdAt, kind: 'created' });
    return list.sort((x, y) => y.at.localeCompare(x.at));
  }, [activities.data, history.data, deal.createdAt]);

  return (
    <Stack gap="md">
      <Paper p="md">
        <Group justify="space-between" mb="xs">
          <Title order={5}>{t('salesUi.deal.planned')}</Title>
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              actions.create({
                dealId: deal.id,
                companyId: deal.companyId ?? undefined,
                contactId: deal.contacts.find((c) => c.isDecisionMaker)?.contactId ?? deal.contacts[0]?.contactId,
              })
            }
            data-testid="deal-plan-activity"
          >
            {t('salesUi.deal.planActivity')}
          </Button>
        </Group>
        <Stack gap={6}>
          {planned.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('salesUi.deal.nothingPlanned')}
            </Text>
          )}
          {planned.map((a) => (
            <ActivityItem
              key={a.id}
              activity={a}
              fmt={fmt}
              timeStyle="dateTime"
              onComplete={actions.complete}
              onEdit={actions.edit}
              onPostpone={actions.postpone}
              onDelete={actions.remove}
            />
          ))}
        </Stack>
      </Paper>
      <Paper p="md">
        <Title order={5} mb="sm">
          {t('salesUi.deal.history')}
        </Title>
        <Timeline bulletSize={26} lineWidth={2} data-testid="deal-timeline">
          {entries.map((e) => {
            if (e.kind === 'activity') {
              return (
                <Timeline.Item
                  key={`a${e.a.id}`}
                  bullet={<ActivityTypeIcon type={e.a.type} size={26} />}
                  title={
                    <Text size="sm" fw={600}>
                      {e.a.subject}
                    </Text>
                  }
                >
                  {e.a.outcome && <Text size="sm">{e.a.outcome}</Text>}
                  <Text size="xs" c="dimmed">
                    {t(`salesUi.activityTypes.${e.a.type}`)} · {fmt.dateTime(e.at)}
                  </Text>
                </Timeline.Item>
              );
            }
            if (e.kind === 'move') {
              const m = e.m;
              const closed = m.toStatus !== 'open' && m.fromStatus === 'open';
              const reopened = m.fromStatus !== 'open' && m.toStatus === 'open';
              const color = m.toStatus === 'won' ? 'teal' : m.toStatus === 'lost' ? 'red' : 'blue';
              const Icon = m.toStatus === 'won' && closed ? IconTrophy : m.toStatus === 'lost' && closed ? IconThumbDown : IconArrowRight;
              return (
                <Timeline.Item
                  key={`m${m.id}`}
                  bullet={
                    <ThemeIcon size={26} radius="xl" variant="light" color={color}>
                      <Icon size={14} />
                    </ThemeIcon>
                  }
                  title={
                    <Text size="sm" fw={600}>
                      {closed
                        ? t(`salesUi.deal.closedAs.${m.toStatus}`)
                        : reopened
                          ? t('salesUi.deal.reopened')
                          : t('salesUi.deal.movedStage')}
                    </Text>
                  }
                >
                  <Group gap={4}>
                    {m.fromStageName && (
                      <Badge size="xs" variant="outline" color="gray">
                        {m.fromStageName}
                      </Badge>
                    )}
                    <IconArrowRight size={12} />
                    <Badge size="xs" variant="light" color={color}>
                      {m.toStageName}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {m.userName ?? ''}
                    {m.userName ? ' · ' : ''}
                    {fmt.dateTime(m.movedAt)}
                  </Text>
                </Timeline.Item>
              );
            }
            return (
              <Timeline.Item
                key="created"
                bullet={
                  <ThemeIcon size={26} radius="xl" variant="light" color="gray">
                    <IconSparkles size={14} />
                  </ThemeIcon>
                }
                title={
                  <Text size="sm" fw={600}>
                    {t('salesUi.deal.createdEvent')}
                  </Text>
                }
              >
                <Text size="xs" c="dimmed">
                  {fmt.dateTime(e.at)}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      </Paper>
    </Stack>
  );
}
