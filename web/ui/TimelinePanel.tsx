import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Center, Group, Loader, Paper, Stack, Text, Textarea, ThemeIcon, Timeline } from '@mantine/core';
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
  IconShoppingCart,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { useAddNote, useTimeline } from '../lib/records.api';
import { pathOf } from '../lib/records';
import { useFormat } from '../lib/format';
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
};

/**
 * The record's story, newest first, with a box to add a note. `resource` is `/contacts/<id>`;
 * `notes: false` for kinds whose timeline takes no notes (invoices: what happened to the document).
 */
export function TimelinePanel({ resource, notes = true }: { resource: string; notes?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const query = useTimeline(resource);
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
            const Icon = kindIcons[ev.kind] ?? IconCircleDot;
            // An event about a record the viewer may not open: its kind, when and who; no name, no link.
            const refPath = ev.hidden ? undefined : pathOf(ev.refEntity, ev.refId);
            // Events of later capabilities may carry their own title (a deal's name, an email's subject).
            const title = typeof ev.data?.title === 'string' ? ev.data.title : null;
            const kindLabel = t(`ui.timeline.kinds.${ev.kind}`, { defaultValue: ev.kind });
            const heading = ev.hidden ? `${kindLabel} · ${t('records.hidden')}` : title || kindLabel;
            return (
              <Timeline.Item
                key={ev.id}
                bullet={
                  <ThemeIcon size={28} radius="xl" variant="light">
                    <Icon size={15} />
                  </ThemeIcon>
                }
                data-testid="timeline-event"
              >
                <Group gap={6} wrap="wrap">
                  {refPath ? (
                    <Anchor component={Link} to={refPath} fw={600} size="sm">
                      {heading}
                    </Anchor>
                  ) : (
                    <Text fw={600} size="sm">
                      {heading}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" title={fmt.dateTime(ev.occurredAt)}>
                    {fmt.relative(ev.occurredAt)}
                    {ev.userName ? ` · ${ev.userName}` : ''}
                  </Text>
                </Group>
                {ev.body && (
                  <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {ev.body}
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
