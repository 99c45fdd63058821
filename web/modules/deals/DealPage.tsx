import { useEffect, useEffectEvent, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  Menu,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { DatePickerInput, DateTimePicker } from '@mantine/dates';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconDots, IconInfoCircle, IconPlus, IconRestore, IconThumbDown, IconTrash, IconTrophy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { currencies } from '../../lib/kinds';
import { isApiError } from '../../api';
import { useSession } from '../../lib/session';
import { ErrorState } from '../../ui/ErrorState';
import { DocumentsPanel } from '../../ui/DocumentsPanel';
import { errorText } from '../../ui/errors';
import { useFormat } from '../../lib/format';
import { changedFields, fieldProps, showSaveError } from '../../ui/forms';
import { PageLoader } from '../../ui/Loaders';
import { DecimalInput, decimalError } from '../../ui/DecimalInput';
import { PageHeader } from '../../ui/PageHeader';
import { useDeleteWithUndo } from '../../ui/useDeleteWithUndo';
import { useUserOptions } from '../../ui/users';
import { RecordPicker } from '../../lib/RecordPicker';
import { useActivityActions } from '../activities/useActivityActions';
import { safeZone } from '../../lib/zoned';
import { usePipelines } from '../pipelines/pipelines.api';
import { LostDealDialog, WonDealDialog } from './CloseDealDialogs';
import { DealFlags, statusColors } from './DealFlags';
import { dealFieldMap, toBody, toValues, type DealValues } from './dealForm';
import { DealLinesSection } from './DealLinesSection';
import { dealKeys, useCloseDeal, useDeal, useMoveDealStage, useReopenDeal, useRestoreDeal, useUpdateDeal, type Deal } from './deals.api';
import { DealSidebar } from './DealSidebar';
import { isDecimal, useMoneyFormat } from '../../lib/money';
import { remapFields } from './remap';
import { StageBar } from './StageBar';
import { dealBoardPath, recordPath, sectionPath } from '../../lib/records';
import { HiddenRecord } from '../../ui/HiddenRecord';
import { DealInvoices } from '../invoices/DealInvoices';
import { InvoiceFromDealButton } from '../invoices/InvoiceFromDealButton';
import { ContractSelect } from '../contracts/ContractSelect';
import { CreditBadge } from '../contracts/CreditBadge';

function Section({ title, children, right, testId }: { title: string; children: ReactNode; right?: ReactNode; testId?: string }) {
  return (
    <Paper p="md" data-testid={testId}>
      <Group justify="space-between" mb="sm">
        <Title order={5}>{title}</Title>
        {right}
      </Group>
      {children}
    </Paper>
  );
}

type Form = UseFormReturnType<DealValues>;

function ContactsSection({ form, deal }: { form: Form; deal: Deal }) {
  const { t } = useTranslation();
  const v = form.getValues();
  const dm = v.contacts.findIndex((c) => c.isDecisionMaker);
  return (
    <Section title={t('salesUi.deal.contacts')} testId="deal-contacts">
      <Radio.Group
        value={dm === -1 ? '' : String(dm)}
        onChange={(i) => v.contacts.forEach((_, j) => form.setFieldValue(`contacts.${j}.isDecisionMaker`, String(j) === i))}
      >
        <Stack gap="xs">
          {v.contacts.map((c, i) => (
            <Group key={form.key(`contacts.${i}`)} gap="xs" wrap="nowrap" align="flex-start">
              <RecordPicker
                kind="contact"
                style={{ flex: 2 }}
                value={c.contactId}
                currentLabel={c.name || (c.contactId ? t('records.hidden') : undefined)}
                onChange={(id, label) => {
                  form.setFieldValue(`contacts.${i}.contactId`, id);
                  form.setFieldValue(`contacts.${i}.name`, label ?? '');
                }}
                error={form.errors[`contacts.${i}.contactId`]}
                aria-label={t('salesUi.deal.contact')}
              />
              <TextInput style={{ flex: 1 }} placeholder={t('salesUi.deal.role')} {...fieldProps(form, `contacts.${i}.role`)} />
              <Radio value={String(i)} label={t('salesUi.deal.decisionMaker')} mt={8} styles={{ label: { whiteSpace: 'nowrap' } }} />
              {c.contactId && (
                <Anchor component={Link} to={recordPath('contact', c.contactId)} size="xs" mt={10}>
                  {t('salesUi.common.open')}
                </Anchor>
              )}
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={4}
                onClick={() => form.removeListItem('contacts', i)}
                aria-label={t('salesUi.common.delete')}
              >
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
          ))}
        </Stack>
      </Radio.Group>
      {form.errors.contacts && (
        <Text c="red" size="xs" mt={4}>
          {form.errors.contacts}
        </Text>
      )}
      {v.contacts.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('salesUi.deal.noContacts')}
        </Text>
      )}
      <Button
        mt="xs"
        size="xs"
        variant="subtle"
        leftSection={<IconPlus size={14} />}
        onClick={() =>
          form.insertListItem('contacts', {
            contactId: null,
            name: '',
            role: '',
            isDecisionMaker: deal.contacts.length === 0 && v.contacts.length === 0,
          })
        }
      >
        {t('salesUi.deal.addContact')}
      </Button>
    </Section>
  );
}

function QualificationSection({ form }: { form: Form }) {
  const { t } = useTranslation();
  return (
    <Section title={t('salesUi.deal.qualification')}>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <DecimalInput label={t('salesUi.deal.budget')} {...fieldProps(form, 'qualification.budget')} />
        <TextInput
          label={t('salesUi.deal.contactFrequency')}
          placeholder={t('salesUi.deal.contactFrequencyHint')}
          {...fieldProps(form, 'qualification.contactFrequency')}
        />
        <TextInput label={t('salesUi.deal.clientCategory')} placeholder="A / B / C" {...fieldProps(form, 'qualification.clientCategory')} />
        <TagsInput
          label={t('salesUi.deal.productsOfInterest')}
          style={{ gridColumn: 'span 2' }}
          {...fieldProps(form, 'qualification.productsOfInterest')}
        />
        <TextInput label={t('salesUi.deal.season')} {...fieldProps(form, 'qualification.season')} />
        <DecimalInput label={t('salesUi.deal.lifetimeValue')} {...fieldProps(form, 'qualification.lifetimeValue')} />
      </SimpleGrid>
    </Section>
  );
}

function ProposalsSection({ form }: { form: Form }) {
  const { t } = useTranslation();
  const v = form.getValues();
  return (
    <Section
      title={t('salesUi.deal.proposals')}
      right={
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem('proposals', { sentAt: new Date().toISOString().slice(0, 10), amount: v.amount, result: '' })}
        >
          {t('salesUi.deal.addProposal')}
        </Button>
      }
    >
      {v.proposals.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('salesUi.deal.noProposals')}
        </Text>
      ) : (
        <Table verticalSpacing={4} highlightOnHover={false}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>{t('salesUi.deal.sentAt')}</Table.Th>
              <Table.Th w={150}>{t('salesUi.deal.amount')}</Table.Th>
              <Table.Th>{t('salesUi.deal.result')}</Table.Th>
              <Table.Th w={36} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {v.proposals.map((_, i) => (
              <Table.Tr key={form.key(`proposals.${i}`)}>
                <Table.Td>
                  <DatePickerInput size="xs" valueFormat="DD.MM.YYYY" {...fieldProps(form, `proposals.${i}.sentAt`)} />
                </Table.Td>
                <Table.Td>
                  <DecimalInput
                    size="xs"

                    rightSection={
                      <Text size="10px" c="dimmed">
                        {v.currency}
                      </Text>
                    }
                    {...fieldProps(form, `proposals.${i}.amount`)}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" placeholder={t('salesUi.deal.resultHint')} {...fieldProps(form, `proposals.${i}.result`)} />
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    onClick={() => form.removeListItem('proposals', i)}
                    aria-label={t('salesUi.common.delete')}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function ContractSection({ form }: { form: Form }) {
  const { t } = useTranslation();
  const money = useMoneyFormat();
  const v = form.getValues();
  const paid = v.paymentSchedule.filter((p) => p.paid).length;
  return (
    <Section title={t('salesUi.deal.contractAndPayments')}>
      <ContractSelect
        companyId={v.companyId}
        value={v.contractId}
        onChange={(id) => form.setFieldValue('contractId', id)}
        error={form.errors.contractId}
        mb="sm"
      />
      {/* The free-form block stays for deals whose contract is not (yet) kept as a record. */}
      {!v.contractId && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} mb="sm">
          <TextInput label={t('salesUi.deal.contractNumber')} {...fieldProps(form, 'contract.number')} />
          <DatePickerInput
            label={t('salesUi.deal.contractDate')}
            valueFormat="DD.MM.YYYY"
            clearable
            {...fieldProps(form, 'contract.date')}
          />
        </SimpleGrid>
      )}
      <Textarea label={t('salesUi.deal.contractTerms')} autosize minRows={2} maxRows={8} mb="md" {...fieldProps(form, 'contract.terms')} />
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600}>
          {t('salesUi.deal.paymentSchedule')}
        </Text>
        {v.paymentSchedule.length > 0 && (
          <Badge variant="light" color={paid === v.paymentSchedule.length ? 'teal' : 'gray'}>
            {t('salesUi.deal.paidOf', { paid, total: v.paymentSchedule.length })}
          </Badge>
        )}
      </Group>
      <Stack gap={6}>
        {v.paymentSchedule.map((p, i) => (
          <Group key={form.key(`paymentSchedule.${i}`)} gap="xs" wrap="nowrap" align="flex-start">
            <DatePickerInput
              size="xs"
              w={150}
              valueFormat="DD.MM.YYYY"
              aria-label={t('salesUi.deal.dueDate')}
              {...fieldProps(form, `paymentSchedule.${i}.dueDate`)}
            />
            <DecimalInput
              size="xs"
              w={160}

              aria-label={t('salesUi.deal.amount')}
              rightSection={
                <Text size="10px" c="dimmed">
                  {v.currency}
                </Text>
              }
              {...fieldProps(form, `paymentSchedule.${i}.amount`)}
            />
            <Checkbox mt={6} label={t('salesUi.deal.paid')} {...fieldProps(form, `paymentSchedule.${i}.paid`, { type: 'checkbox' })} />
            <Text size="xs" c="dimmed" mt={6} style={{ flex: 1 }}>
              {p.amount && !Number.isNaN(Number(p.amount)) ? money.money(p.amount, v.currency) : ''}
            </Text>
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => form.removeListItem('paymentSchedule', i)}
              aria-label={t('salesUi.common.delete')}
            >
              <IconTrash size={14} />
            </ActionIcon>
          </Group>
        ))}
      </Stack>
      <Button
        mt="xs"
        size="xs"
        variant="subtle"
        leftSection={<IconPlus size={14} />}
        onClick={() => form.insertListItem('paymentSchedule', { dueDate: null, amount: '', paid: false })}
      >
        {t('salesUi.deal.addPayment')}
      </Button>
    </Section>
  );
}

/** A deal's page: stage bar, everything about the deal in one form, its activities and history; close and reopen. */
export function DealPage() {
  const { id } = useParams();
  const deal = useDeal(id);
  if (deal.isPending) return <PageLoader />;
  if (deal.error || !deal.data) return <ErrorState error={deal.error} onRetry={() => void deal.refetch()} />;
  return <DealEditor key={deal.data.id} d={deal.data} />;
}

function DealEditor({ d }: { d: Deal }) {
  const { t } = useTranslation();
  const me = useSession();
  const tz = safeZone(me.user.timeZone);
  const fmt = useFormat();
  const money = useMoneyFormat();
  const navigate = useNavigate();
  const pipelines = usePipelines();
  const users = useUserOptions();
  const actions = useActivityActions();
  const [alert, setAlert] = useState<string | null>(null);
  const [closing, setClosing] = useState<'won' | 'lost' | null>(null);
  const remove = useDeleteWithUndo('/deals', [[...dealKeys.all]]);

  const form = useForm<DealValues>({
    initialValues: toValues(d, tz),
    // A number typed wrong ("abc" as a quantity) is named under its input as soon as it is left.
    validateInputOnBlur: true,
    validate: {
      title: (v) => (v.trim() ? null : t('salesUi.common.required')),
      nextStepDue: (v, values) => (values.nextStepText.trim() && !v ? t('sales.nextStepDate') : null),
      amount: (v) => decimalError(v, 2, t('ui.decimal.invalid')),
      qualification: {
        budget: (v) => decimalError(v, 2, t('ui.decimal.invalid')),
        lifetimeValue: (v) => decimalError(v, 2, t('ui.decimal.invalid')),
      },
      proposals: { amount: (v) => decimalError(v, 2, t('ui.decimal.invalid')) },
      paymentSchedule: { amount: (v) => decimalError(v, 2, t('ui.decimal.invalid'), true) },
      lines: {
        quantity: (v) => (isDecimal(v, 4) && /[1-9]/.test(v) ? null : t('ui.decimal.quantity')),
        unitPrice: (v) => decimalError(v, 2, t('ui.decimal.invalid'), true),
        discountPercent: (v) => decimalError(v, 2, t('ui.decimal.invalid')),
        vatRate: (v) => decimalError(v, 2, t('ui.decimal.invalid')),
      },
    },
  });

  const [staleVersion, setStaleVersion] = useState(false);
  const loadIntoForm = (deal: Deal) => {
    const values = toValues(deal, tz);
    form.setValues(values);
    form.setInitialValues(values);
    form.resetDirty(values);
    form.clearErrors();
    setAlert(null);
    setStaleVersion(false);
  };
  // A newer version from the server (a colleague, a completed activity) replaces the form, unless
  // the user is editing: then say so instead of silently dropping their changes.
  const onNewVersion = useEffectEvent(() => {
    if (form.isDirty()) setStaleVersion(true);
    else loadIntoForm(d);
  });
  useEffect(() => onNewVersion(), [d.version]);

  const initialBody = useMemo(() => toBody(toValues(d, tz), tz), [d, tz]);

  const showError = (err: unknown) => notifications.show({ color: 'red', message: errorText(err, t) });
  const save = useUpdateDeal(d, {
    onSuccess: (saved) => {
      loadIntoForm(saved);
      notifications.show({ color: 'teal', message: t('salesUi.deal.saved') });
    },
    onError: (err) =>
      setAlert(
        isApiError(err) && err.isVersionConflict
          ? errorText(err, t)
          : showSaveError(form, remapFields(err, dealFieldMap), (e) => errorText(e, t)),
      ),
  });
  const submit = (values: DealValues) => {
    const body = changedFields(initialBody as Record<string, unknown>, toBody(values, tz) as Record<string, unknown>);
    // A stage belongs to its pipeline: moving pipelines sends both.
    if ('pipelineId' in body || 'stageId' in body) Object.assign(body, { pipelineId: values.pipelineId, stageId: values.stageId });
    save.mutate(body);
  };

  const move = useMoveDealStage(d, {
    onSuccess: (saved) => {
      loadIntoForm(saved);
      notifications.show({ color: 'teal', message: t('salesUi.deal.movedTo', { stage: saved.stageName }) });
    },
    onError: showError,
  });

  const reopen = useReopenDeal(d, {
    onSuccess: (saved) => {
      loadIntoForm(saved);
      notifications.show({ color: 'teal', message: t('salesUi.deal.reopenedDone') });
    },
    onError: showError,
  });

  const restore = useRestoreDeal(d, { onSuccess: loadIntoForm, onError: showError });

  const closeDeal = useCloseDeal(d, {
    onSuccess: (saved) => {
      loadIntoForm(saved);
      setClosing(null);
      notifications.show({
        color: saved.status === 'won' ? 'teal' : 'gray',
        message: t(saved.status === 'won' ? 'salesUi.close.wonDone' : 'salesUi.close.lostDone', { title: saved.title }),
      });
    },
  });
  // The closing dialogs show the API's answer to a failed close next to their inputs.
  const close = (body: Record<string, string | undefined>) => closeDeal.mutateAsync(body);

  const v = form.getValues();
  const pipeline = pipelines.data?.find((p) => p.id === v.pipelineId);
  const savedPipeline = pipelines.data?.find((p) => p.id === d.pipelineId);
  const stageDefault = pipeline?.stages.find((s) => s.id === v.stageId)?.probability ?? d.probability;
  const isOpen = d.status === 'open';
  const daysInStage = Math.max(0, Math.floor((Date.now() - new Date(d.stageEnteredAt).getTime()) / 86_400_000));
  const lostReasonLabel = d.lostReasonName ?? '';

  return (
    <>
      <PageHeader
        back={{ to: dealBoardPath({ pipeline: d.pipelineId }), label: t('salesUi.deals.title') }}
        title={d.title}
        titleTestId="deal-title"
        badges={
          <Group gap={6}>
            <Badge variant="light" color={statusColors[d.status]} data-testid="deal-status">
              {t(`sales.status.${d.status}`)}
            </Badge>
            {d.deletedAt && <Badge color="red">{t('salesUi.common.deleted')}</Badge>}
            {isOpen && <DealFlags flags={d.flags} />}
            {isOpen && <CreditBadge companyId={d.companyId} />}
          </Group>
        }
        subtitle={
          <Group gap="xs" component="span">
            {d.company?.hidden ? (
              <HiddenRecord />
            ) : (
              d.companyId && (
                <Anchor component={Link} to={recordPath('company', d.companyId)} size="sm">
                  {d.companyName}
                </Anchor>
              )
            )}
            <span>{money.money(d.amount, d.currency)}</span>
            {isOpen && (
              <span>
                · ≈ {money.money(d.weightedAmount, d.currency)} ({d.probability}%)
              </span>
            )}
            {d.ownerName && <span>· {d.ownerName}</span>}
          </Group>
        }
        actions={
          d.deletedAt ? (
            <Button leftSection={<IconRestore size={16} />} loading={restore.isPending} onClick={() => restore.mutate()}>
              {t('salesUi.common.restore')}
            </Button>
          ) : (
            <>
              {isOpen ? (
                <>
                  <Button color="teal" leftSection={<IconTrophy size={16} />} onClick={() => setClosing('won')} data-testid="deal-won">
                    {t('salesUi.close.markWon')}
                  </Button>
                  <Button
                    color="red"
                    variant="light"
                    leftSection={<IconThumbDown size={16} />}
                    onClick={() => setClosing('lost')}
                    data-testid="deal-lost"
                  >
                    {t('salesUi.close.markLost')}
                  </Button>
                </>
              ) : (
                <Button
                  variant="default"
                  leftSection={<IconRestore size={16} />}
                  loading={reopen.isPending}
                  onClick={() => reopen.mutate()}
                  data-testid="deal-reopen"
                >
                  {t('salesUi.deal.reopen')}
                </Button>
              )}
              {d.companyId && <InvoiceFromDealButton dealId={d.id} />}
              <Menu position="bottom-end">
                <Menu.Target>
                  <ActionIcon variant="default" size="lg" aria-label={t('salesUi.common.actions')}>
                    <IconDots size={18} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={14} />}
                    onClick={() => void remove(d.id, d.title, () => navigate(sectionPath('deal')))}
                  >
                    {t('salesUi.common.delete')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </>
          )
        }
      />
      {savedPipeline && (
        <Paper p="xs" mb="md">
          <StageBar
            pipeline={savedPipeline}
            stageId={d.stageId}
            status={d.status}
            disabled={!isOpen || move.isPending || !!d.deletedAt}
            onPick={(s) => move.mutate(s)}
            daysInStage={daysInStage}
          />
        </Paper>
      )}
      {d.status === 'won' && (
        <Alert
          color="teal"
          variant="light"
          mb="md"
          icon={<IconTrophy size={18} />}
          title={t('salesUi.deal.wonBanner', { amount: money.money(d.wonAmount ?? d.amount, d.currency), date: fmt.day(d.wonDate) })}
          data-testid="deal-won-banner"
        />
      )}
      {d.status === 'lost' && (
        <Alert
          color="red"
          variant="light"
          mb="md"
          icon={<IconThumbDown size={18} />}
          title={t('salesUi.deal.lostBanner', { reason: lostReasonLabel, date: fmt.date(d.closedAt) })}
          data-testid="deal-lost-banner"
        >
          {d.lostComment}
        </Alert>
      )}
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="md">
              {alert && (
                <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }} withCloseButton onClose={() => setAlert(null)}>
                  {alert}
                </Alert>
              )}
              {staleVersion && (
                <Alert color="orange" variant="light" title={t('salesUi.deal.changedElsewhere')}>
                  <Button size="xs" variant="light" color="orange" onClick={() => loadIntoForm(d)}>
                    {t('salesUi.deal.loadLatest')}
                  </Button>
                </Alert>
              )}
              <Section title={t('salesUi.deal.main')}>
                <Stack gap="sm">
                  <TextInput label={t('salesUi.deal.title')} required {...fieldProps(form, 'title')} />
                  <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
                    <RecordPicker
                      kind="company"
                      label={t('salesUi.deal.company')}
                      value={v.companyId}
                      currentLabel={v.companyId === d.companyId ? (d.companyName ?? undefined) : undefined}
                      onChange={(cid) => form.setFieldValue('companyId', cid)}
                      error={form.errors.companyId}
                    />
                    <Select
                      label={t('salesUi.deal.owner')}
                      data={users}
                      searchable
                      allowDeselect={false}
                      {...fieldProps(form, 'ownerId')}
                    />
                    <TextInput label={t('salesUi.deal.source')} {...fieldProps(form, 'source')} />
                    <Select
                      label={t('salesUi.deal.pipeline')}
                      data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                      allowDeselect={false}
                      disabled={!isOpen}
                      {...fieldProps(form, 'pipelineId')}
                      onChange={(pid) => {
                        const p = pipelines.data?.find((x) => x.id === pid);
                        form.setFieldValue('pipelineId', pid ?? '');
                        form.setFieldValue('stageId', p?.stages.find((s) => s.kind === 'open')?.id ?? '');
                      }}
                    />
                    <Select
                      label={t('salesUi.deal.stage')}
                      data={(pipeline?.stages ?? [])
                        .filter((s) => s.kind === 'open' || s.id === v.stageId)
                        .map((s) => ({ value: s.id, label: s.name }))}
                      allowDeselect={false}
                      disabled={!isOpen}
                      {...fieldProps(form, 'stageId')}
                    />
                    <Group gap="xs" align="flex-end" wrap="nowrap">
                      <NumberInput
                        label={t('salesUi.deal.probability')}
                        min={0}
                        max={100}
                        allowDecimal={false}
                        suffix=" %"
                        disabled={!v.probabilityCustom}
                        style={{ flex: 1 }}
                        {...fieldProps(form, 'probability')}
                        value={v.probabilityCustom ? v.probability : stageDefault}
                      />
                      <Switch
                        mb={8}
                        size="xs"
                        label={t('salesUi.deal.custom')}
                        checked={v.probabilityCustom}
                        onChange={(e) => {
                          form.setFieldValue('probabilityCustom', e.currentTarget.checked);
                          if (e.currentTarget.checked) form.setFieldValue('probability', stageDefault);
                        }}
                      />
                    </Group>
                    <Group gap="xs" align="flex-start" wrap="nowrap">
                      <DecimalInput
                        label={t('salesUi.deal.amount')}

                        style={{ flex: 1 }}
                        rightSection={
                          v.lines.length ? (
                            <Tooltip label={t('salesUi.deal.amountFromLines')} multiline w={240}>
                              <IconInfoCircle size={16} color="var(--mantine-color-dimmed)" />
                            </Tooltip>
                          ) : null
                        }
                        data-testid="deal-amount"
                        {...fieldProps(form, 'amount')}
                      />
                      <Select
                        label={t('salesUi.common.currency')}
                        w={90}
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
                    <DatePickerInput
                      label={t('salesUi.deal.expectedPaymentDate')}
                      valueFormat="DD.MM.YYYY"
                      clearable
                      {...fieldProps(form, 'expectedPaymentDate')}
                    />
                  </SimpleGrid>
                </Stack>
              </Section>
              <Section
                title={t('salesUi.deal.nextStep')}
                testId="deal-next-step"
                right={
                  isOpen && d.flags.noNextStep ? (
                    <Badge color="yellow" variant="light">
                      {t('sales.flags.noNextStep')}
                    </Badge>
                  ) : isOpen && d.flags.overdueNextStep ? (
                    <Badge color="red" variant="light">
                      {t('sales.flags.overdueNextStep')}
                    </Badge>
                  ) : null
                }
              >
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <TextInput
                    label={t('salesUi.deal.nextStepText')}
                    style={{ gridColumn: 'span 2' }}
                    placeholder={t('salesUi.deal.nextStepHint')}
                    {...fieldProps(form, 'nextStepText')}
                  />
                  <DateTimePicker
                    label={t('salesUi.deal.nextStepDue')}
                    valueFormat="DD.MM.YYYY HH:mm"
                    timePickerProps={{ format: '24h', withDropdown: true }}
                    clearable
                    {...fieldProps(form, 'nextStepDue')}
                  />
                </SimpleGrid>
              </Section>
              <ContactsSection form={form} deal={d} />
              <Section title={t('salesUi.deal.products')} testId="deal-products">
                <DealLinesSection form={form} deal={d} readOnly={false} />
              </Section>
              <QualificationSection form={form} />
              <ProposalsSection form={form} />
              <ContractSection form={form} />
              <DealInvoices dealId={d.id} />
              <Section title={t('documents.title')} testId="deal-documents">
                <DocumentsPanel target={{ entity: 'deal', entityId: d.id }} />
              </Section>
              <Section title={t('salesUi.deal.fulfilmentNotes')}>
                <Textarea
                  autosize
                  minRows={3}
                  maxRows={16}
                  placeholder={t('salesUi.deal.fulfilmentHint')}
                  {...fieldProps(form, 'fulfilmentNotes')}
                />
              </Section>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <DealSidebar deal={d} actions={actions} />
          </Grid.Col>
        </Grid>
        {form.isDirty() && (
          <Paper
            shadow="lg"
            p="sm"
            style={{ position: 'sticky', bottom: 12, zIndex: 20, marginTop: 16, borderColor: 'var(--mantine-primary-color-filled)' }}
            data-testid="deal-save-bar"
          >
            <Group justify="space-between">
              <Text size="sm" fw={500}>
                {t('salesUi.deal.unsaved')}
              </Text>
              <Group gap="xs">
                <Button variant="default" onClick={() => loadIntoForm(d)}>
                  {t('salesUi.deal.discard')}
                </Button>
                <Button type="submit" loading={save.isPending} data-testid="deal-save">
                  {t('salesUi.common.save')}
                </Button>
              </Group>
            </Group>
          </Paper>
        )}
      </form>
      <LostDealDialog
        deal={closing === 'lost' ? d : null}
        onCancel={() => setClosing(null)}
        onConfirm={(x) => close({ outcome: 'lost', ...x })}
      />
      <WonDealDialog
        deal={closing === 'won' ? d : null}
        onCancel={() => setClosing(null)}
        onConfirm={(x) => close({ outcome: 'won', ...x })}
      />
      {actions.dialogs}
    </>
  );
}
