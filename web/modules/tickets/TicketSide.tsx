import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Group, Paper, Rating, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { errorText } from '../../ui/errors';
import { useKbSuggestions, useRateTicket, useTicketCall, type Ticket } from './tickets.api';

/** The client's score after resolving: shown once given, a form to record (or replace) it. */
export function TicketSatisfaction({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [editing, setEditing] = useState(false);
  const [score, setScore] = useState(ticket.satisfaction?.score ?? 0);
  const [comment, setComment] = useState(ticket.satisfaction?.comment ?? '');
  const rate = useRateTicket(ticket.id, {
    onSuccess: () => {
      setEditing(false);
      notifications.show({ color: 'teal', message: t('ticketsUi.page.saved') });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
  });
  const resolved = ticket.status === 'resolved' || ticket.status === 'closed';
  const given = ticket.satisfaction;
  return (
    <Paper p="md" withBorder data-testid="ticket-satisfaction">
      <Title order={4} mb="xs">
        {t('ticketsUi.satisfaction.title')}
      </Title>
      {!resolved && !given ? (
        <Text size="sm" c="dimmed">
          {t('ticketsUi.satisfaction.notYet')}
        </Text>
      ) : given && !editing ? (
        <Stack gap={4}>
          <Group gap="xs">
            <Rating value={given.score} readOnly aria-label={t('ticketsUi.satisfaction.score')} />
            <Text size="sm" fw={600} data-testid="ticket-satisfaction-score">
              {given.score}/5
            </Text>
          </Group>
          {given.comment && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {given.comment}
            </Text>
          )}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('ticketsUi.satisfaction.at', { time: fmt.dateTime(given.at) })}
            </Text>
            {resolved && (
              <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)}>
                {t('ticketsUi.satisfaction.change')}
              </Button>
            )}
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (score >= 1) rate.mutate({ score, comment: comment.trim() || null });
          }}
        >
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              {t('ticketsUi.satisfaction.hint')}
            </Text>
            <Rating value={score} onChange={setScore} aria-label={t('ticketsUi.satisfaction.score')} data-testid="ticket-rating" />
            <Textarea
              label={t('ticketsUi.satisfaction.comment')}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={2000}
              data-testid="ticket-rating-comment"
            />
            <Group justify="flex-end">
              <Button type="submit" size="xs" disabled={score < 1} loading={rate.isPending} data-testid="ticket-rating-save">
                {t('ticketsUi.satisfaction.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Paper>
  );
}

/** The call the ticket was opened from: when, which way, how it ended, the number and the talk time. */
export function TicketCall({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const call = useTicketCall(callId);
  return (
    <Paper p="md" withBorder data-testid="ticket-call">
      <Title order={4} mb="xs">
        {t('ticketsUi.call.title')}
      </Title>
      {call.data ? (
        <Stack gap={4}>
          <Group gap={6}>
            <Badge variant="light">{t(`callsUi.direction.${call.data.direction}`)}</Badge>
            <Badge variant="light" color={call.data.status === 'answered' ? 'teal' : 'red'}>
              {t(`callsUi.status.${call.data.status}`)}
            </Badge>
          </Group>
          <Text size="sm">{fmt.dateTime(call.data.startedAt)}</Text>
          <Text size="sm" className="orbita-num">
            {call.data.direction === 'out' ? call.data.to : call.data.from}
            {call.data.talkSeconds !== null &&
              ` · ${Math.floor(call.data.talkSeconds / 60)}:${String(call.data.talkSeconds % 60).padStart(2, '0')}`}
          </Text>
          <Anchor component={Link} to="/calls" size="xs">
            {t('callsUi.title')}
          </Anchor>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {call.isPending ? '…' : t('ticketsUi.call.missing')}
        </Text>
      )}
    </Paper>
  );
}

/** Published knowledge-base articles matching the ticket's subject and products, with why each is offered. */
export function TicketKbSuggestions({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const suggestions = useKbSuggestions(ticket.id, ticket.subject);
  return (
    <Paper p="md" withBorder data-testid="ticket-kb">
      <Title order={4} mb="xs">
        {t('ticketsUi.kb.title')}
      </Title>
      {suggestions.error ? (
        <Text size="sm" c="red">
          {errorText(suggestions.error, t)}
        </Text>
      ) : suggestions.data?.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('ticketsUi.kb.empty')}
        </Text>
      ) : (
        <Stack gap="xs">
          {suggestions.data?.map((a) => (
            <div key={a.id} data-testid="ticket-kb-article">
              <Anchor component={Link} to={`/kb/${a.id}`} size="sm" fw={600}>
                {a.title}
              </Anchor>
              {a.matched.length > 0 && (
                <Text size="xs" c="dimmed">
                  {t('ticketsUi.kb.matched', { words: a.matched.join(', ') })}
                </Text>
              )}
            </div>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
