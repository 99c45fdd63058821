import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { IconLock, IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { useUserNames } from '../../ui/users';
import { useAddComment, useTicketComments } from './tickets.api';

/** A ticket's comments, oldest first: internal ones (colleagues only) on a shaded card, the ones to the client plain. */
export function TicketComments({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const names = useUserNames();
  const comments = useTicketComments(ticketId);
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const add = useAddComment(ticketId, {
    onSuccess: () => {
      setBody('');
      setError(null);
    },
    onError: (err) => setError(errorText(err, t)),
  });
  return (
    <Paper p="md" withBorder>
      <Title order={4} mb="sm">
        {t('ticketsUi.comments.title')}
      </Title>
      {comments.error ? (
        <ErrorState error={comments.error} onRetry={() => void comments.refetch()} />
      ) : (
        <Stack gap="xs" mb="md" data-testid="ticket-comments">
          {comments.data?.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('ticketsUi.comments.empty')}
            </Text>
          )}
          {comments.data?.map((c) => (
            <Paper
              key={c.id}
              p="sm"
              radius="sm"
              withBorder
              bg={c.internal ? 'var(--mantine-color-yellow-light)' : undefined}
              style={c.internal ? { borderStyle: 'dashed' } : { borderLeft: '3px solid var(--mantine-color-blue-6)' }}
              data-testid="ticket-comment"
              data-internal={c.internal ? 'true' : 'false'}
            >
              <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
                <Group gap={6}>
                  <Text size="sm" fw={600}>
                    {c.authorId ? (names.get(c.authorId) ?? '…') : '—'}
                  </Text>
                  {c.internal ? (
                    <Badge size="xs" color="yellow" variant="filled" leftSection={<IconLock size={10} />}>
                      {t('ticketsUi.comments.internal')}
                    </Badge>
                  ) : (
                    <Badge size="xs" color="blue" variant="light">
                      {t('ticketsUi.comments.toClient')}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {fmt.dateTime(c.createdAt)}
                </Text>
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {c.body}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (body.trim()) add.mutate({ body: body.trim(), internal });
        }}
      >
        <Stack gap="xs">
          <Textarea
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            placeholder={t('ticketsUi.comments.placeholder')}
            autosize
            minRows={2}
            maxRows={10}
            maxLength={20000}
            error={error}
            aria-label={t('ticketsUi.comments.placeholder')}
            data-testid="ticket-comment-body"
          />
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Switch
              checked={internal}
              onChange={(e) => setInternal(e.currentTarget.checked)}
              label={t('ticketsUi.comments.markInternal')}
              description={internal ? t('ticketsUi.comments.internalHint') : t('ticketsUi.comments.firstResponseHint')}
              data-testid="ticket-comment-internal"
            />
            <Button
              type="submit"
              leftSection={internal ? <IconLock size={16} /> : <IconSend size={16} />}
              color={internal ? 'yellow' : undefined}
              loading={add.isPending}
              disabled={!body.trim()}
              data-testid="ticket-comment-send"
            >
              {internal ? t('ticketsUi.comments.send') : t('ticketsUi.comments.sendToClient')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
