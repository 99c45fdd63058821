import { memo } from 'react';
import { Link } from 'react-router';
import { ActionIcon, Anchor, Badge, Group, Menu, Paper, Stack, Text, Tooltip } from '@mantine/core';
import {
  IconBuildingSkyscraper,
  IconCheck,
  IconClockPlus,
  IconDots,
  IconEdit,
  IconLayoutKanban,
  IconTrash,
  IconUser,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Format } from '../../lib/format';
import type { Activity, AgendaItem } from './activities.api';
import type { LinkedRecord } from '../../../contracts/records';
import { HiddenRecord } from '../../ui/HiddenRecord';
import { ActivityTypeIcon } from './ActivityTypeIcon';
import { recordPath, type RecordKind } from '../../lib/records';
import { useRecordName } from '../../lib/records.api';

const linkIcons = { contact: IconUser, company: IconBuildingSkyscraper, deal: IconLayoutKanban } as const;

/** A linked record as a small link with its name (loaded once and cached). */
export function RecordLink({ kind, id }: { kind: RecordKind; id: string }) {
  const name = useRecordName(kind, id);
  const Icon = linkIcons[kind];
  // A record the user may not see answers 404: then there is nothing to link to.
  if (name.isError) return null;
  return (
    <Anchor
      component={Link}
      to={recordPath(kind, id)}
      size="xs"
      c="dimmed"
      onClick={(e) => e.stopPropagation()}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 3, maxWidth: 220 }}
    >
      <Icon size={12} style={{ flexShrink: 0 }} />
      <Text span size="xs" truncate>
        {name.data ?? '…'}
      </Text>
    </Anchor>
  );
}

/** A linked record whose name came with the activity (the agenda): no request of its own. */
export function NamedRecordLink({ kind, link }: { kind: RecordKind; link: LinkedRecord }) {
  const Icon = linkIcons[kind];
  if (link.hidden) return <HiddenRecord size="xs" />;
  return (
    <Anchor
      component={Link}
      to={recordPath(kind, link.id)}
      size="xs"
      c="dimmed"
      onClick={(e) => e.stopPropagation()}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 3, maxWidth: 220 }}
      data-testid={`agenda-link-${kind}`}
    >
      <Icon size={12} style={{ flexShrink: 0 }} />
      <Text span size="xs" truncate>
        {link.name}
      </Text>
    </Anchor>
  );
}

/** Whether the activity carries its links' names (an agenda item) rather than ids only. */
const isNamed = (a: Activity | AgendaItem): a is AgendaItem => 'contact' in a;

/** The activity's contact, company and deal (but `except`, the page's own record): by the names it carries, else each looked up once. */
function ActivityLinks({ activity: a, except }: { activity: Activity | AgendaItem; except?: string }) {
  const show = (id: string | null): id is string => !!id && id !== except;
  if (!(show(a.contactId) || show(a.companyId) || show(a.dealId))) return null;
  if (isNamed(a))
    return (
      <Group gap="xs">
        {a.contact && show(a.contactId) && <NamedRecordLink kind="contact" link={a.contact} />}
        {a.company && show(a.companyId) && <NamedRecordLink kind="company" link={a.company} />}
        {a.deal && show(a.dealId) && <NamedRecordLink kind="deal" link={a.deal} />}
      </Group>
    );
  return (
    <Group gap="xs">
      {show(a.contactId) && <RecordLink kind="contact" id={a.contactId} />}
      {show(a.companyId) && <RecordLink kind="company" id={a.companyId} />}
      {show(a.dealId) && <RecordLink kind="deal" id={a.dealId} />}
    </Group>
  );
}

type Props = {
  activity: Activity | AgendaItem;
  fmt: Format;
  /** How to show the time: only the time (today), or date and time. */
  timeStyle: 'time' | 'dateTime';
  ownerName?: string;
  /** The record of the page the list is on (a client's): no link to it on every row. */
  except?: string;
  onComplete: (a: Activity) => void;
  onEdit: (a: Activity) => void;
  onPostpone: (a: Activity, how: 'hour' | 'tomorrow' | 'week') => void;
  onDelete: (a: Activity) => void;
};

/** One row of the agenda (or a deal's plans): complete button, type, time, subject and links; menu to edit, postpone, delete. */
export const ActivityItem = memo(function ActivityItem({
  activity: a,
  fmt,
  timeStyle,
  ownerName,
  except,
  onComplete,
  onEdit,
  onPostpone,
  onDelete,
}: Props) {
  const { t } = useTranslation();
  return (
    <Paper
      p="xs"
      data-testid="agenda-item"
      data-activity-id={a.id}
      data-done={a.done}
      data-type={a.type}
      data-overdue={a.isOverdue}
      style={{ borderLeft: `3px solid var(--mantine-color-${a.isOverdue ? 'red-6' : a.done ? 'teal-5' : 'gray-3'})` }}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Tooltip label={a.done ? t('salesUi.agenda.done') : t('salesUi.agenda.complete')}>
          <ActionIcon
            variant={a.done ? 'filled' : 'outline'}
            color={a.done ? 'teal' : a.isOverdue ? 'red' : 'gray'}
            radius="xl"
            size={26}
            mt={2}
            disabled={a.done}
            onClick={() => onComplete(a)}
            aria-label={t('salesUi.agenda.complete')}
            data-testid="complete-activity"
          >
            <IconCheck size={15} />
          </ActionIcon>
        </Tooltip>
        <ActivityTypeIcon type={a.type} size={26} />
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Text
            size="sm"
            fw={600}
            truncate
            td={a.done ? 'line-through' : undefined}
            c={a.done ? 'dimmed' : undefined}
            style={{ cursor: 'pointer' }}
            onClick={() => onEdit(a)}
            title={a.subject}
          >
            {a.subject}
          </Text>
          <Group gap={6} wrap="wrap">
            <Text size="xs" fw={600} c={a.isOverdue ? 'red.7' : undefined} className="orbita-num" style={{ whiteSpace: 'nowrap' }}>
              {timeStyle === 'time' ? fmt.time(a.dueAt) : fmt.dateTime(a.dueAt)}
              {a.durationMinutes ? ` · ${t('salesUi.activities.minutes', { count: a.durationMinutes })}` : ''}
            </Text>
            <Badge size="xs" variant="light" color="gray">
              {t(`salesUi.activityTypes.${a.type}`)}
            </Badge>
            {ownerName && (
              <Text size="xs" c="dimmed">
                {ownerName}
              </Text>
            )}
          </Group>
          <ActivityLinks activity={a} except={except} />
          {a.done && a.outcome && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {a.outcome}
            </Text>
          )}
        </Stack>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={t('salesUi.common.actions')}>
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconEdit size={14} />} onClick={() => onEdit(a)}>
              {t('salesUi.common.edit')}
            </Menu.Item>
            {!a.done && (
              <>
                <Menu.Label>{t('salesUi.agenda.postpone')}</Menu.Label>
                <Menu.Item leftSection={<IconClockPlus size={14} />} onClick={() => onPostpone(a, 'hour')}>
                  {t('salesUi.agenda.postponeHour')}
                </Menu.Item>
                <Menu.Item leftSection={<IconClockPlus size={14} />} onClick={() => onPostpone(a, 'tomorrow')}>
                  {t('salesUi.agenda.postponeTomorrow')}
                </Menu.Item>
                <Menu.Item leftSection={<IconClockPlus size={14} />} onClick={() => onPostpone(a, 'week')}>
                  {t('salesUi.agenda.postponeWeek')}
                </Menu.Item>
              </>
            )}
            <Menu.Divider />
            <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => onDelete(a)}>
              {t('salesUi.common.delete')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Paper>
  );
});
