import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Center, Chip, Group, Loader, Paper, Stack, Text, Textarea, ThemeIcon, Timeline } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconBriefcase,
  IconCalendarEvent,
  IconCircleDot,
  IconMail,
  IconNote,
  IconPhone,
  IconFileText,
  IconFileInvoice,
  IconCash,
  IconLifebuoy,
  IconShoppingCart,
  IconSparkles,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { useAddNote, useTimeline } from '../lib/records.api';
import { pathOf } from '../lib/records';
import { useFormat } from '../lib/format';
import { useMoneyFormat } from '../lib/money';
import { describeEvent, timelineFamilies, type TimelineFamily } from './timelineEvent';
import { errorText } from './errors';
import { ErrorState } from './ErrorState';
import { errorTestProps } from './forms';

const kindIcons: Record<string, typeof IconNote> = {
  note: IconNote,
  call: IconPhone,
  email: IconMail,
  activity: IconCalendarEvent,
  meeting: IconCalendarEvent,
  deal: IconBriefcase,
  document: IconFileText,
  order: IconShoppingCart,
  invoice: IconFileInvoice,
  payment: IconCash,
  ticket: IconLifebuoy,
  created: IconSparkles,
};

/** The icon of an event: by its kind, else by its family (deal_stage -> deal). */
const iconOf = (kind: string) => kindIcons[kind] ?? kindIcons[kind.split('_')[0]] ?? IconCircleDot;

/**
 * The record's story, newest first, with a box to add a note. `resource` is `/contacts/<id>`;
 * `notes: false` for kinds whose timeline takes no notes (invoices: what happened to the document);
 * `filters` shows chips by kind of event (a client's timeline), filtered on the server.
 */
export function TimelinePanel({ resource, notes = true, filters = false }: { resource: string; notes?: boolean; filters?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [families, setFamilies] = useState<TimelineFamily[]>([]);
  const query = useTimeline(resource, families.length ? families.join(',') : undefined);
  const addNote = useAddNote(resource, {
    onSuccess: () => {
      setText('');
      setError(null);
    },
    onError: (err) => {
      if (isApiError(err) && err.fields.length) setError(err.fields.map((f) => f.message).join('; '));
      else notifications.show({ color: 'red', message: errorText(err, t) });
    },
  });
  const submit = () => {
    if (text.trim()) addNote.mutate(text.trim());
  };

  const events = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      {notes && (
        <Paper p="sm" withBorder>
          <Textarea
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            placeholder={t('ui.timeline.notePlaceholder')}
            autosize
            minRows={2}
            maxRows={10}
            variant="unstyled"
            error={error}
            errorProps={errorTestProps}
            onKeyDown={getHotkeyHandler([['mod+Enter', submit]])}
            data-testid="note-text"
          />
          <Group justify="space-between" mt={4}>
            <Text size="xs" c="dimmed">
              {t('ui.timeline.noteHint')}
            </Text>
            <Button size="xs" onClick={submit} loading={addNote.isPending} disabled={!text.trim()} data-testid="add-note">
              {t('ui.timeline.addNote')}
            </Button>
          </Group>
        </Paper>
      )}

      {filters && (
        <Group gap="xs" wrap="wrap" data-testid="timeline-filters" aria-label={t('ui.timeline.filtersLabel')}>
          <Chip
            size="xs"
            checked={families.length === 0}
            onChange={() => setFamilies([])}
            wrapperProps={{ 'data-testid': 'timeline-filter-all' }}
          >
            {t('ui.timeline.filters.all')}
          </Chip>
          <Chip.Group multiple value={families} onChange={(v) => setFamilies(v as TimelineFamily[])}>
            {timelineFamilies.map((f) => (
              <Chip key={f} size="xs" value={f} wrapperProps={{ 'data-testid': `timeline-filter-${f}` }}>
                {t(`ui.timeline.filters.${f}`)}
              </Chip>
            ))}
          </Chip.Group>
        </Group>
      )}

      {query.isPending && (
        <Center py="lg">
          <Loader size="sm" />
        </Center>
      )}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && events.length === 0 && (
        <Text c="dimmed" size="sm" ta="center" py="lg">
          {t('ui.timeline.empty')}
        </Text>
      )}

      {events.length > 0 && (
        <Timeline bulletSize={28} lineWidth={2} data-testid="timeline">
          {events.map((ev) => {
            const Icon = iconOf(ev.kind);
            // An event about a record the viewer may not open: its kind, when and who; no name, no link.
            const refPath = ev.hidden ? undefined : pathOf(ev.refEntity, ev.refId);
            const { heading, details } = describeEvent(ev, t, money, (ymd) => fmt.day(ymd));
            return (
              <Timeline.Item
                key={ev.id}
                bullet={
                  <ThemeIcon size={28} radius="xl" variant="light">
                    <Icon size={15} />
                  </ThemeIcon>
                }
                data-testid="timeline-event"
                data-kind={ev.kind}
              >
                <Group gap={6} wrap="wrap">
                  {refPath ? (
                    <Anchor component={Link} to={refPath} fw={600} size="sm" data-testid="timeline-heading">
                      {heading}
                    </Anchor>
                  ) : (
                    <Text fw={600} size="sm" data-testid="timeline-heading">
                      {heading}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" title={fmt.dateTime(ev.occurredAt)}>
                    {fmt.relative(ev.occurredAt)}
                    {ev.userName ? ` · ${ev.userName}` : ''}
                  </Text>
                </Group>
                {details.length > 0 && (
                  <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="timeline-detail">
                    {details.join(' · ')}
                  </Text>
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      {query.hasNextPage && (
        <Center>
          <Button variant="default" size="xs" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
            {t('ui.list.loadMore')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
