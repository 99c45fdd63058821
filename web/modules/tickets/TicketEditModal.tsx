import { useMemo, useState } from 'react';
import { Button, Group, Modal, Select, SimpleGrid, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { RecordPicker } from '../../lib/RecordPicker';
import { useSession } from '../../lib/session';
import { fromWall, safeZone, toWall } from '../../lib/zoned';
import { errorText } from '../../ui/errors';
import { FormAlerts } from '../../ui/FormAlerts';
import { blankToNull, changedFields, errorTestProps, fieldProps, showSaveError } from '../../ui/forms';
import { ProductsPicker } from './ProductsPicker';
import { TICKET_CHANNELS, useProductNames, useUpdateTicket, type Ticket, type TicketChannel, type UpdateTicket } from './tickets.api';

type Values = {
  subject: string;
  description: string;
  companyId: string | null;
  contactId: string | null;
  channel: TicketChannel;
  productIds: string[];
  category: string;
  dueManual: boolean;
  /** The due time as the user's wall clock ("YYYY-MM-DD HH:mm:ss" in their zone). */
  dueAt: string | null;
};

/** Changes what the ticket is about: subject, description, client, channel, products, category, and a due time by hand or by the SLA. */
export function TicketEditModal({ ticket, onClose }: { ticket: Ticket; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const tz = safeZone(me.user.timeZone);
  const products = useProductNames(ticket.productIds);
  const knownNames = useMemo(() => Object.fromEntries(products.flatMap((p) => (p.name ? [[p.id, p.name]] : []))), [products]);
  const [alert, setAlert] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const initial: Values = {
    subject: ticket.subject,
    description: ticket.description ?? '',
    companyId: ticket.companyId,
    contactId: ticket.contactId,
    channel: ticket.channel,
    productIds: ticket.productIds,
    category: ticket.category ?? '',
    dueManual: ticket.dueAtManual,
    dueAt: toWall(ticket.dueAt, tz),
  };
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      subject: (v) => (v.trim() ? null : t('ticketsUi.required')),
      companyId: (v, all) => (v || all.contactId ? null : t('ticketsUi.clientHint')),
      dueAt: (v, all) => (all.dueManual && !v ? t('ticketsUi.required') : null),
    },
  });
  const update = useUpdateTicket(ticket.id, {
    onSuccess: onClose,
    onError: (err) => {
      if (isApiError(err) && err.isVersionConflict) setConflict(true);
      else
        setAlert(
          showSaveError(
            form,
            err,
            (e) => errorText(e, t),
            (p) => (p.startsWith('productIds.') ? 'productIds' : p),
          ),
        );
    },
  });
  const v = form.getValues();
  return (
    <Modal opened onClose={onClose} title={t('ticketsUi.editTitle')} size="lg">
      <form
        onSubmit={form.onSubmit((x) => {
          setAlert(null);
          const { dueManual, dueAt, ...rest } = changedFields(initial, {
            ...x,
            subject: x.subject.trim(),
            description: x.description.trim(),
            category: x.category.trim(),
          });
          const body: UpdateTicket = { version: ticket.version };
          if (rest.subject !== undefined) body.subject = rest.subject;
          if (rest.description !== undefined) body.description = blankToNull(rest.description);
          if (rest.companyId !== undefined) body.companyId = rest.companyId;
          if (rest.contactId !== undefined) body.contactId = rest.contactId;
          if (rest.channel !== undefined) body.channel = rest.channel;
          if (rest.productIds !== undefined) body.productIds = rest.productIds;
          if (rest.category !== undefined) body.category = blankToNull(rest.category);
          // By hand: the picked time; back to the rule: null (the server recomputes it).
          if (x.dueManual && (dueAt !== undefined || dueManual !== undefined)) body.dueAt = fromWall(x.dueAt, tz) ?? undefined;
          else if (!x.dueManual && ticket.dueAtManual) body.dueAt = null;
          update.mutate(body);
        })}
      >
        <Stack>
          <FormAlerts error={alert} conflict={conflict} onReload={onClose} />
          <TextInput
            label={t('ticketsUi.fields.subject')}
            required
            maxLength={500}
            {...fieldProps(form, 'subject')}
            data-testid="ticket-edit-subject"
          />
          <Textarea
            label={t('ticketsUi.fields.description')}
            autosize
            minRows={3}
            maxRows={10}
            maxLength={20000}
            {...fieldProps(form, 'description')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <RecordPicker
              kind="company"
              label={t('ticketsUi.fields.company')}
              value={v.companyId}
              currentLabel={ticket.company?.name}
              onChange={(id) => form.setFieldValue('companyId', id)}
              error={form.errors.companyId}
              errorProps={errorTestProps}
            />
            <RecordPicker
              kind="contact"
              label={t('ticketsUi.fields.contact')}
              value={v.contactId}
              currentLabel={ticket.contact?.name}
              onChange={(id) => form.setFieldValue('contactId', id)}
              error={form.errors.contactId}
              errorProps={errorTestProps}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('ticketsUi.fields.channel')}
              data={TICKET_CHANNELS.map((c) => ({ value: c, label: t(`ticketsUi.channel.${c}`) }))}
              allowDeselect={false}
              {...fieldProps(form, 'channel')}
            />
            <TextInput label={t('ticketsUi.fields.category')} maxLength={100} {...fieldProps(form, 'category')} />
          </SimpleGrid>
          <ProductsPicker
            label={t('ticketsUi.fields.products')}
            value={v.productIds}
            knownNames={knownNames}
            onChange={(ids) => form.setFieldValue('productIds', ids)}
            error={form.errors.productIds}
          />
          <Switch
            label={t('ticketsUi.dueByHand')}
            description={t('ticketsUi.dueByHandHint')}
            {...fieldProps(form, 'dueManual', { type: 'checkbox' })}
            data-testid="ticket-edit-due-manual"
          />
          {v.dueManual && (
            <DateTimePicker
              label={t('ticketsUi.fields.due')}
              valueFormat="DD.MM.YYYY HH:mm"
              timePickerProps={{ format: '24h', withDropdown: true }}
              {...fieldProps(form, 'dueAt')}
              data-testid="ticket-edit-due"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('salesUi.common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} data-testid="ticket-edit-save">
              {t('ticketsUi.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
