import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconList, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { webhookEventPatterns, webhookEventTypes } from '../../../contracts/webhook-events';
import type { CreatedWebhook, Delivery, Webhook } from '../../../contracts/webhooks';
import { CursorPager, useCursorPages } from '../../lib/CursorPager';
import { useFormat } from '../../lib/format';
import { useConfirm } from '../../lib/useConfirm';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/Loaders';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { fieldProps, showSaveError } from '../../ui/forms';
import { useDeliveries, useWebhookMutations, useWebhooks } from './webhooks.api';

// Patterns first: most receivers want every event of a kind.
const eventOptions = [...webhookEventPatterns, ...webhookEventTypes];

type FormValues = { url: string; events: string[]; secret: string; isActive: boolean };

/** Create a webhook, or change one (URL, events, active, a new secret). */
function WebhookModal({
  hook,
  onClose,
  onCreated,
}: {
  hook: Webhook | 'new';
  onClose: () => void;
  onCreated: (h: CreatedWebhook) => void;
}) {
  const { t } = useTranslation();
  const { create, update } = useWebhookMutations();
  const editing = hook === 'new' ? null : hook;
  const [error, setError] = useState<string | null>(null);
  const form = useForm<FormValues>({
    initialValues: { url: editing?.url ?? 'https://', events: editing?.events ?? [], secret: '', isActive: editing?.isActive ?? true },
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      const secret = v.secret.trim() ? v.secret.trim() : undefined;
      if (editing) {
        await update.mutateAsync({
          id: editing.id,
          url: v.url.trim(),
          events: v.events,
          isActive: v.isActive,
          secret,
          version: editing.version,
        });
        notifications.show({ color: 'teal', message: t('integrationsUi.webhooks.saved') });
        onClose();
      } else {
        onCreated(await create.mutateAsync({ url: v.url.trim(), events: v.events, isActive: v.isActive, secret }));
      }
    } catch (err) {
      setError(showSaveError(form, err, (e) => errorText(e, t)));
    }
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={editing ? t('integrationsUi.webhooks.editTitle') : t('integrationsUi.webhooks.newTitle')}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
              {error}
            </Alert>
          )}
          <TextInput
            label={t('integrationsUi.webhooks.url')}
            required
            data-autofocus
            data-testid="webhook-url"
            {...fieldProps(form, 'url')}
          />
          <MultiSelect
            label={t('integrationsUi.webhooks.events')}
            description={t('integrationsUi.webhooks.eventsHint')}
            data={eventOptions}
            searchable
            required
            data-testid="webhook-events"
            {...fieldProps(form, 'events')}
          />
          <PasswordInput
            label={editing ? t('integrationsUi.webhooks.newSecret') : t('integrationsUi.webhooks.secret')}
            description={t('integrationsUi.webhooks.secretHint')}
            autoComplete="off"
            {...fieldProps(form, 'secret')}
          />
          <Switch label={t('integrationsUi.webhooks.active')} {...fieldProps(form, 'isActive', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('ui.actions.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting} data-testid="save">
              {t('ui.actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The signing secret of a new webhook, shown this once. */
function SecretModal({ created, onClose }: { created: CreatedWebhook; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t('integrationsUi.webhooks.created')} size="lg">
      <Stack>
        <Alert color="yellow" variant="light">
          {t('integrationsUi.webhooks.secretOnce')}
        </Alert>
        <Group gap="xs" wrap="nowrap">
          <Code block style={{ flex: 1, overflowWrap: 'anywhere' }} data-testid="webhook-secret">
            {created.secret}
          </Code>
          <CopyButton value={created.secret}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('integrationsUi.webhooks.copied') : t('integrationsUi.webhooks.copy')}>
                <ActionIcon variant="light" onClick={copy} aria-label={t('integrationsUi.webhooks.copy')}>
                  <IconCopy size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" c="dimmed">
          {t('integrationsUi.webhooks.signatureHelp')}
        </Text>
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="secret-done">
            {t('integrationsUi.webhooks.done')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const statusColor: Record<Delivery['status'], string> = { pending: 'gray', retrying: 'orange', delivered: 'teal', failed: 'red' };

function DeliveriesModal({ hook, onClose }: { hook: Webhook; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const pages = useCursorPages([hook.id]);
  const q = useDeliveries(hook.id, pages.cursor);
  return (
    <Modal opened onClose={onClose} title={`${t('integrationsUi.webhooks.deliveries')}: ${hook.url}`} size="xl">
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Text c="dimmed">{t('integrationsUi.webhooks.noDeliveries')}</Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" data-testid="deliveries-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('integrationsUi.webhooks.at')}</Table.Th>
                  <Table.Th>{t('integrationsUi.webhooks.event')}</Table.Th>
                  <Table.Th>{t('integrationsUi.webhooks.status')}</Table.Th>
                  <Table.Th>{t('integrationsUi.webhooks.attempts')}</Table.Th>
                  <Table.Th>{t('integrationsUi.webhooks.responseCode')}</Table.Th>
                  <Table.Th>{t('integrationsUi.webhooks.lastError')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.items.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>{fmt.dateTime(d.lastAttemptAt ?? d.createdAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {d.eventType}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={statusColor[d.status]} variant="light">
                        {t(`integrationsUi.webhooks.statuses.${d.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                    <Table.Td>{d.responseCode ?? ''}</Table.Td>
                    <Table.Td maw={260}>
                      <Text size="xs" c="red" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                        {d.lastError}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <CursorPager pages={pages} nextCursor={q.data.nextCursor} loading={q.isFetching} />
        </>
      )}
    </Modal>
  );
}

/** Webhooks of the workspace: list, create (secret shown once), change, delete, deliveries. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const hooks = useWebhooks();
  const { remove } = useWebhookMutations();
  const { ask, dialog } = useConfirm();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [showing, setShowing] = useState<Webhook | null>(null);

  const onDelete = (h: Webhook) =>
    ask(t('integrationsUi.webhooks.deleteConfirm', { url: h.url }), async () => {
      try {
        await remove.mutateAsync(h.id);
        notifications.show({ color: 'teal', message: t('integrationsUi.webhooks.deleted') });
      } catch (e) {
        notifications.show({ color: 'red', message: errorText(e, t) });
      }
    });

  return (
    <>
      <PageHeader
        title={t('integrationsUi.webhooks.title')}
        subtitle={t('integrationsUi.webhooks.subtitle')}
        titleTestId="webhooks-title"
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="webhook-add">
            {t('integrationsUi.webhooks.add')}
          </Button>
        }
      />
      {hooks.isPending ? (
        <PageLoader />
      ) : hooks.isError ? (
        <ErrorState error={hooks.error} onRetry={() => void hooks.refetch()} />
      ) : (
        <Card withBorder padding={0}>
          {hooks.data.items.length === 0 ? (
            <Text c="dimmed" p="md">
              {t('integrationsUi.webhooks.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" data-testid="webhooks-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('integrationsUi.webhooks.url')}</Table.Th>
                    <Table.Th>{t('integrationsUi.webhooks.events')}</Table.Th>
                    <Table.Th>{t('integrationsUi.webhooks.owner')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {hooks.data.items.map((h) => (
                    <Table.Tr key={h.id} data-testid="webhook-row">
                      <Table.Td maw={320}>
                        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                          {h.url}
                        </Text>
                        {!h.isActive && (
                          <Badge color="gray" variant="light" size="sm">
                            {t('integrationsUi.webhooks.inactive')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {h.events.map((e) => (
                            <Badge key={e} variant="outline" size="sm" tt="none">
                              {e}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>{h.ownerName}</Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap" justify="flex-end">
                          <Tooltip label={t('integrationsUi.webhooks.deliveries')}>
                            <ActionIcon
                              variant="subtle"
                              onClick={() => setShowing(h)}
                              data-testid="webhook-deliveries"
                              aria-label={t('integrationsUi.webhooks.deliveries')}
                            >
                              <IconList size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <ActionIcon variant="subtle" onClick={() => setEditing(h)} aria-label={t('integrationsUi.webhooks.editTitle')}>
                            <IconPencil size={16} />
                          </ActionIcon>
                          <ActionIcon variant="subtle" color="red" onClick={() => onDelete(h)} aria-label={t('salesUi.common.delete')}>
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      )}
      {editing && (
        <WebhookModal
          hook={editing}
          onClose={() => setEditing(null)}
          onCreated={(h) => {
            setEditing(null);
            setCreated(h);
          }}
        />
      )}
      {created && <SecretModal created={created} onClose={() => setCreated(null)} />}
      {showing && <DeliveriesModal hook={showing} onClose={() => setShowing(null)} />}
      {dialog}
    </>
  );
}
