import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { DatePickerInput, DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { currencies } from '../../lib/kinds';
import { useSession } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { fieldProps, showSaveError } from '../../ui/forms';
import { useUserOptions } from '../../ui/users';
import { RecordPicker } from '../../lib/RecordPicker';
import { fromWall, nextWorkingDay, safeZone, wallAt, ymdOf } from '../../lib/zoned';
import { defaultPipeline, usePipelines } from '../pipelines/pipelines.api';
import { useCreateDeal } from './deals.api';
import { normalizeDecimal } from '../../lib/money';
import { DecimalInput, decimalError } from '../../ui/DecimalInput';
import { remapFields } from './remap';
import { recordPath } from '../../lib/records';

type Values = {
  title: string;
  companyId: string | null;
  contactId: string | null;
  pipelineId: string;
  stageId: string;
  amount: string;
  currency: string;
  ownerId: string;
  expectedCloseDate: string | null;
  nextStepText: string;
  nextStepDue: string | null;
};

type Props = {
  opened: boolean;
  onClose: () => void;
  pipelineId?: string;
  stageId?: string;
  companyId?: string | null;
  contactId?: string | null;
  /** Open the new deal's page after saving (the list does); the board stays where it is. */
  openAfter?: boolean;
};

/** A new deal with what is known at the first call; details come later on its page. */
export function NewDealModal({ opened, onClose, ...rest }: Props) {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  return (
    <Modal opened={opened} onClose={onClose} size="lg" title={t('salesUi.deal.newTitle')}>
      {/* The modal mounts its content on each opening: a fresh form each time, in the column it was
          opened from; the key renews it when the pipelines arrive after it opened. */}
      <NewDealForm key={String(pipelines.isSuccess)} onClose={onClose} {...rest} />
    </Modal>
  );
}

function NewDealForm({ onClose, pipelineId, stageId, companyId, contactId, openAfter }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const me = useSession();
  const tz = safeZone(me.user.timeZone);
  const navigate = useNavigate();
  const pipelines = usePipelines();
  const users = useUserOptions();
  const [alert, setAlert] = useState<string | null>(null);

  const initial = (): Values => {
    const p = pipelines.data?.find((x) => x.id === pipelineId) ?? defaultPipeline(pipelines.data);
    return {
      title: '',
      companyId: companyId ?? null,
      contactId: contactId ?? null,
      pipelineId: p?.id ?? '',
      stageId: stageId ?? p?.stages.find((s) => s.kind === 'open')?.id ?? '',
      amount: '',
      currency: me.workspace.defaultCurrency,
      ownerId: me.user.id,
      expectedCloseDate: null,
      nextStepText: t('salesUi.deal.defaultNextStep'),
      nextStepDue: wallAt(nextWorkingDay(ymdOf(new Date(), tz)), 10),
    };
  };
  const form = useForm<Values>({
    initialValues: initial(),
    validateInputOnBlur: ['amount'],
    validate: {
      title: (v) => (v.trim() ? null : t('salesUi.common.required')),
      amount: (v) => decimalError(v, 2, t('ui.decimal.invalid')),
    },
  });

  const v = form.getValues();
  const stageOptions = useMemo(
    () =>
      (pipelines.data?.find((p) => p.id === v.pipelineId)?.stages ?? [])
        .filter((s) => s.kind === 'open')
        .map((s) => ({ value: s.id, label: s.name })),
    [pipelines.data, v.pipelineId],
  );

  const toBody = (x: Values) => ({
    title: x.title.trim(),
    companyId: x.companyId,
    contacts: x.contactId ? [{ contactId: x.contactId, isDecisionMaker: true }] : undefined,
    pipelineId: x.pipelineId || undefined,
    stageId: x.stageId || undefined,
    amount: x.amount.trim() ? normalizeDecimal(x.amount) : undefined,
    currency: x.currency,
    ownerId: x.ownerId,
    expectedCloseDate: x.expectedCloseDate?.slice(0, 10) ?? null,
    nextStep: x.nextStepText.trim() && x.nextStepDue ? { text: x.nextStepText.trim(), dueAt: fromWall(x.nextStepDue, tz) } : null,
  });
  const save = useCreateDeal({
    onSuccess: (deal) => {
      notifications.show({ color: 'teal', message: t('salesUi.deal.created', { title: deal.title }) });
      onClose();
      if (openAfter) navigate(recordPath('deal', deal.id));
    },
    onError: (err) => {
      // The API names the next step's fields `nextStep.text` / `nextStep.dueAt`; the form keeps them flat.
      const mapped = remapFields(err, {
        'nextStep.text': 'nextStepText',
        'nextStep.dueAt': 'nextStepDue',
        nextStep: 'nextStepText',
        'contacts.0.contactId': 'contactId',
        'contacts.0': 'contactId',
      });
      setAlert(showSaveError(form, mapped, (e) => errorText(e, t)));
    },
  });

  return (
    <form onSubmit={form.onSubmit((x) => save.mutate(toBody(x)))} noValidate>
      <Stack gap="sm">
        {alert && (
          <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
            {alert}
          </Alert>
        )}
        <TextInput label={t('salesUi.deal.title')} required data-autofocus data-testid="deal-title" {...fieldProps(form, 'title')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <RecordPicker
            kind="company"
            label={t('salesUi.deal.company')}
            value={v.companyId}
            onChange={(id) => form.setFieldValue('companyId', id)}
            error={form.errors.companyId}
          />
          <RecordPicker
            kind="contact"
            label={t('salesUi.deal.contact')}
            value={v.contactId}
            onChange={(id) => form.setFieldValue('contactId', id)}
          />
          <Select
            label={t('salesUi.deal.pipeline')}
            data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            allowDeselect={false}
            {...fieldProps(form, 'pipelineId')}
            onChange={(id) => {
              const p = pipelines.data?.find((x) => x.id === id);
              form.setFieldValue('pipelineId', id ?? '');
              form.setFieldValue('stageId', p?.stages.find((s) => s.kind === 'open')?.id ?? '');
            }}
          />
          <Select label={t('salesUi.deal.stage')} data={stageOptions} allowDeselect={false} {...fieldProps(form, 'stageId')} />
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <DecimalInput
              label={t('salesUi.deal.amount')}
              style={{ flex: 1 }}
              data-testid="new-deal-amount"
              {...fieldProps(form, 'amount')}
            />
            <Select
              label={t('salesUi.common.currency')}
              w={96}
              data={[...currencies]}
              allowDeselect={false}
              {...fieldProps(form, 'currency')}
            />
          </Group>
          <DatePickerInput
            label={t('salesUi.deal.expectedCloseDate')}
            valueFormat="DD.MM.YYYY"
            clearable
            {...fieldProps(form, 'expectedCloseDate')}
          />
          <Select label={t('salesUi.deal.owner')} data={users} searchable allowDeselect={false} {...fieldProps(form, 'ownerId')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('salesUi.deal.nextStep')} {...fieldProps(form, 'nextStepText')} />
          <DateTimePicker
            label={t('salesUi.deal.nextStepDue')}
            valueFormat="DD.MM.YYYY HH:mm"
            timePickerProps={{ format: '24h', withDropdown: true }}
            clearable
            {...fieldProps(form, 'nextStepDue')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('salesUi.common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="deal-save">
            {t('salesUi.deal.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
