import { useState } from 'react';
import { useParams } from 'react-router';
import { Button, Grid, Paper, Stack, Text, Title } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { DocumentsPanel } from '../../ui/DocumentsPanel';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoader } from '../../ui/Loaders';
import { NotFoundPage } from '../../ui/NotFoundPage';
import { PageHeader } from '../../ui/PageHeader';
import { TicketComments } from './TicketComments';
import { TicketEditModal } from './TicketEditModal';
import { TicketFields } from './TicketFields';
import { TicketPriorityBadge, TicketStatusBadge } from './TicketBadges';
import { TicketCall, TicketKbSuggestions, TicketSatisfaction } from './TicketSide';
import { useTicket } from './tickets.api';

/** One ticket: its fields (status, priority, assignee), comments, attachments, satisfaction, the call, articles to answer with. */
export function TicketPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const query = useTicket(id);
  const [editing, setEditing] = useState(false);
  if (query.isPending) return <PageLoader />;
  if (query.error) {
    if (isApiError(query.error) && (query.error.status === 404 || query.error.status === 400)) return <NotFoundPage />;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  const ticket = query.data;
  return (
    <>
      <PageHeader
        title={ticket.subject}
        titleTestId="ticket-title"
        back={{ to: '/tickets', label: t('ticketsUi.page.back') }}
        actions={
          <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)} data-testid="ticket-edit">
            {t('ticketsUi.edit')}
          </Button>
        }
        badges={
          <>
            <TicketStatusBadge status={ticket.status} />
            <TicketPriorityBadge priority={ticket.priority} />
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="md">
            <Paper p="md" withBorder>
              <Title order={4} mb="xs">
                {t('ticketsUi.page.description')}
              </Title>
              <Text size="sm" c={ticket.description ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {ticket.description ?? t('ticketsUi.page.noDescription')}
              </Text>
            </Paper>
            <TicketComments ticketId={ticket.id} />
            <Paper p="md" withBorder data-testid="ticket-attachments">
              <Title order={4} mb="xs">
                {t('ticketsUi.page.attachments')}
              </Title>
              <DocumentsPanel target={{ entity: 'ticket', entityId: ticket.id }} />
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <Stack gap="md">
            <TicketFields ticket={ticket} />
            <TicketSatisfaction ticket={ticket} />
            {ticket.callId && <TicketCall callId={ticket.callId} />}
            <TicketKbSuggestions ticket={ticket} />
          </Stack>
        </Grid.Col>
      </Grid>
      {editing && <TicketEditModal ticket={ticket} onClose={() => setEditing(false)} />}
    </>
  );
}
