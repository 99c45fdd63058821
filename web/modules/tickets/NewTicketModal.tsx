import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { RecordPicker } from '../../lib/RecordPicker';
import { errorText } from '../../ui/errors';
import { blankToNull, errorTestProps, fieldProps, showSaveError } from '../../ui/forms';
import { useUserOptions } from '../../ui/users';
import { ProductsPicker } from './ProductsPicker';
import { TICKET_CHANNELS, TICKET_PRIORITIES, useCreateTicket, type Ticket, type TicketChannel, type TicketPriority } from './tickets.api';

type Values = {
  subject: string;
  description: string;
  companyId: string | null;
  contactId: string | null;
  channel: TicketChannel;
  priority: TicketPriority;
  assigneeId: string | null;
  productIds: string[];
  category: string;
};

/** A new ticket for a company or a contact (from a call: linked to it); its due time comes from the SLA rule. */
export function NewTicketModal({
  onClose,
  onCreated,
  initial,
}: {
  onClose: () => void;
  onCreated?: (ticket: Ticket) => void;
  /** Prefilled from where it was opened (a call: its client and `callId`). */
  initial?: { companyId?: string | null; contactId?: string | null; callId?: string | null };
}) {
  const { t } = useTranslation();
  const users = useUserOptions();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      subject: '',
      description: '',
      companyId: initial?.companyId ?? null,
      contactId: initial?.contactId ?? null,
      channel: 'phone',
      priority: 'normal',
      assigneeId: null,
      productIds: [],
      category: '',
    },
    validate: {
      subject: (v) => (v.trim() ? null : t('ticketsUi.required')),
      companyId: (v, all) => (v || all.contactId ? null : t('ticketsUi.clientHint')),
    },
  });
  const create = useCreateTicket({
    onSuccess: (ticket) => {
      onClose();
      onCreated?.(ticket);
    },
    onError: (err) =>
      setAlert(
        showSaveError(
          form,
          err,
          (e) => errorText(e, t),
          (p) => (p.startsWith('productIds.') ? 'productIds' : p),
        ),
      ),
  });
  const v = form.getValues();
  return (
    <Modal opened onClose={onClose} title={t('ticketsUi.new')} size="lg">
      <form
        onSubmit={form.onSubmit((x) => {
          setAlert(null);
          create.mutate({
            subject: x.subject.trim(),
            description: blankToNull(x.description),
            companyId: x.companyId,
            contactId: x.contactId,
            channel: x.channel,
            priority: x.priority,
            assigneeId: x.assigneeId,
            productIds: x.productIds,
            category: blankToNull(x.category),
            ...(initial?.callId ? { callId: initial.callId } : {}),
          });
        })}
      >
        <Stack>
          {alert && (
            <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }} data-testid="form-error">
              {alert}
            </Alert>
          )}
          <TextInput
            label={t('ticketsUi.fields.subject')}
            required
            maxLength={500}
            {...fieldProps(form, 'subject')}
            data-testid="ticket-subject"
          />
          <Textarea
            label={t('ticketsUi.fields.description')}
            autosize
            minRows={3}
            maxRows={10}
            maxLength={20000}
            {...fieldProps(form, 'description')}
            data-testid="ticket-description"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <RecordPicker
              kind="company"
              label={t('ticketsUi.fields.company')}
              value={v.companyId}
              onChange={(id) => form.setFieldValue('companyId', id)}
              error={form.errors.companyId}
              errorProps={errorTestProps}
              data-path="companyId"
              data-testid="ticket-company"
            />
            <RecordPicker
              kind="contact"
              label={t('ticketsUi.fields.contact')}
              value={v.contactId}
              onChange={(id) => {
                form.setFieldValue('contactId', id);
                if (id) form.clearFieldError('companyId');
              }}
              error={form.errors.contactId}
              errorProps={errorTestProps}
              data-path="contactId"
              data-testid="ticket-contact"
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt={-8}>
            {t('ticketsUi.clientHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t('ticketsUi.fields.channel')}
              data={TICKET_CHANNELS.map((c) => ({ value: c, label: t(`ticketsUi.channel.${c}`) }))}
              allowDeselect={false}
              {...fieldProps(form, 'channel')}
              data-testid="ticket-channel"
            />
            <Select
              label={t('ticketsUi.fields.priority')}
              data={TICKET_PRIORITIES.map((p) => ({ value: p, label: t(`ticketsUi.priority.${p}`) }))}
              allowDeselect={false}
              {...fieldProps(form, 'priority')}
              data-testid="ticket-priority-input"
            />
            <Select
              label={t('ticketsUi.fields.assignee')}
              data={users}
              searchable
              clearable
              placeholder={t('ticketsUi.unassigned')}
              {...fieldProps(form, 'assigneeId')}
              data-testid="ticket-assignee-input"
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <ProductsPicker
              label={t('ticketsUi.fields.products')}
              value={v.productIds}
              onChange={(ids) => form.setFieldValue('productIds', ids)}
              error={form.errors.productIds}
              data-testid="ticket-products"
            />
            <TextInput
              label={t('ticketsUi.fields.category')}
              maxLength={100}
              {...fieldProps(form, 'category')}
              data-testid="ticket-category"
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('salesUi.common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="ticket-create">
              {t('ticketsUi.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
