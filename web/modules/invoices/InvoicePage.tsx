import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Anchor, Button, Grid, Group, Paper, SimpleGrid, Stack, Switch, Text, TextInput, Textarea, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconBan, IconCheck, IconFileMinus, IconRestore, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { useFormat } from '../../lib/format';
import { useMoneyFormat } from '../../lib/money';
import { recordPath } from '../../lib/records';
import { hasRole, useSession } from '../../lib/session';
import { useConfirm } from '../../lib/useConfirm';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { fieldProps, showSaveError } from '../../ui/forms';
import { HiddenRecord } from '../../ui/HiddenRecord';
import { PageLoader } from '../../ui/Loaders';
import { NotFoundPage } from '../../ui/NotFoundPage';
import { PageHeader } from '../../ui/PageHeader';
import { TimelinePanel } from '../../ui/TimelinePanel';
import {
  useCancelInvoice,
  useCreditNote,
  useDeleteInvoice,
  useInvoice,
  useIssueInvoice,
  useRestoreInvoice,
  useUpdateInvoice,
  type Invoice,
} from './invoices.api';
import { InvoiceDocument } from './InvoiceDocument';
import { InvoiceLines } from './InvoiceLines';
import { InvoicePayments } from './InvoicePayments';
import { invoiceTitle, InvoiceStatus } from './InvoiceStatus';
import { allowedVatRates, lineFromSaved, linesBody, needsExemptionReason, validateLine, type LineValues } from './invoiceRules';
import { ReasonModal } from './ReasonModal';
import { CREDIT_ROLES } from '../contracts/contracts.api';

type DraftValues = {
  issueDate: string;
  dueDate: string;
  supplyDate: string | null;
  pricesIncludeVat: boolean;
  vatExemptionReason: string;
  notes: string;
  lines: LineValues[];
};

const toValues = (inv: Invoice, lang: string): DraftValues => ({
  issueDate: inv.issueDate,
  dueDate: inv.dueDate,
  supplyDate: inv.supplyDate,
  pricesIncludeVat: inv.pricesIncludeVat,
  vatExemptionReason: inv.vatExemptionReason ?? '',
  notes: inv.notes ?? '',
  lines: inv.lines.map((l) => lineFromSaved(l, lang)),
});

function Totals({ inv }: { inv: Invoice }) {
  const { t } = useTranslation();
  const money = useMoneyFormat();
  const row = (label: string, amount: string, opts: { strong?: boolean; testId?: string; red?: boolean } = {}) => (
    <Group justify="space-between" gap="xl" wrap="nowrap" data-testid={opts.testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={opts.strong ? 700 : 500} c={opts.red ? 'red' : undefined} className="orbita-num">
        {money.money(amount, inv.currency)}
      </Text>
    </Group>
  );
  return (
    <Stack gap={2} miw={280} data-testid="invoice-totals-block">
      {row(t('moneyUi.amounts.subtotal'), inv.subtotal)}
      {inv.vatBreakdown.map((v) => (
        <Group key={v.vatRate} justify="space-between" gap="xl" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {v.vatRate === 'none'
              ? t('moneyUi.lines.noVat')
              : t('moneyUi.amounts.vatAt', { rate: v.vatRate, base: money.money(v.base, inv.currency) })}
          </Text>
          <Text size="xs" className="orbita-num">
            {money.money(v.vat, inv.currency)}
          </Text>
        </Group>
      ))}
      {row(t('moneyUi.amounts.vatTotal'), inv.vatTotal)}
      {row(t('moneyUi.amounts.total'), inv.total, { strong: true, testId: 'invoice-total' })}
      {inv.creditedTotal !== '0.00' && inv.creditedTotal !== '0' && row(t('moneyUi.amounts.credited'), inv.creditedTotal)}
      {inv.status !== 'draft' && row(t('moneyUi.amounts.paidTotal'), inv.paidTotal, { testId: 'invoice-paid' })}
      {inv.status !== 'draft' &&
        row(t('moneyUi.amounts.balance'), inv.balance, { strong: true, testId: 'invoice-balance', red: inv.overdue })}
    </Stack>
  );
}

function Header({ inv, onError }: { inv: Invoice; onError: (err: unknown) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const { ask, dialog } = useConfirm();
  const [reasonFor, setReasonFor] = useState<'cancel' | 'credit' | 'override' | null>(null);
  const [holdMessage, setHoldMessage] = useState('');
  const me = useSession();
  const done = (key: string) => () => notifications.show({ color: 'teal', message: t(key) });
  const issue = useIssueInvoice(inv, {
    onSuccess: done('moneyUi.actions.issued'),
    // A client on credit hold: those who may let it through once are asked for their reason.
    onError: (err) => {
      if (isApiError(err) && err.code === 'CREDIT_HOLD' && hasRole(me, CREDIT_ROLES) && reasonFor !== 'override') {
        setHoldMessage(err.message);
        setReasonFor('override');
      } else onError(err);
    },
  });
  const cancel = useCancelInvoice(inv);
  const credit = useCreditNote(inv, { onSuccess: (note) => void navigate(`/invoices/${note.id}`) });
  const restore = useRestoreInvoice(inv, { onError });
  const remove = useDeleteInvoice(inv, { onSuccess: done('moneyUi.actions.deleted'), onError });
  const isRu = inv.legalEntity.country === 'RU';
  const issued = inv.status !== 'draft' && inv.status !== 'cancelled';

  const actions = inv.deletedAt ? (
    inv.canEdit && (
      <Button leftSection={<IconRestore size={16} />} loading={restore.isPending} onClick={() => restore.mutate()}>
        {t('salesUi.common.restore')}
      </Button>
    )
  ) : (
    <>
      {inv.canEdit && inv.status === 'draft' && (
        <>
          <Button
            leftSection={<IconCheck size={16} />}
            loading={issue.isPending}
            onClick={() =>
              ask(
                t(inv.kind === 'credit_note' ? 'moneyUi.actions.issueCreditConfirm' : 'moneyUi.actions.issueConfirm'),
                () => issue.mutate(undefined),
                {
                  confirmLabel: t('moneyUi.actions.issue'),
                  danger: false,
                },
              )
            }
            data-testid="invoice-issue"
          >
            {t('moneyUi.actions.issue')}
          </Button>
          <Button
            variant="default"
            leftSection={<IconTrash size={16} />}
            loading={remove.isPending}
            onClick={() => ask(t('moneyUi.actions.deleteConfirm'), () => remove.mutate())}
            data-testid="invoice-delete"
          >
            {t('salesUi.common.delete')}
          </Button>
        </>
      )}
      {inv.canEdit && issued && inv.kind === 'invoice' && isRu && (
        <Button
          variant="light"
          color="red"
          leftSection={<IconBan size={16} />}
          onClick={() => setReasonFor('cancel')}
          data-testid="invoice-cancel"
        >
          {t('moneyUi.actions.cancel')}
        </Button>
      )}
      {inv.canEdit && issued && inv.kind === 'invoice' && !isRu && (
        <Button
          variant="light"
          color="grape"
          leftSection={<IconFileMinus size={16} />}
          onClick={() => setReasonFor('credit')}
          data-testid="invoice-credit-note"
        >
          {t('moneyUi.actions.creditNote')}
        </Button>
      )}
    </>
  );

  return (
    <>
      <PageHeader
        back={{ to: '/invoices', label: t('moneyUi.list.title') }}
        title={invoiceTitle(inv, t)}
        titleTestId="invoice-title"
        badges={<InvoiceStatus inv={inv} size="md" />}
        subtitle={
          <Group gap="xs" component="span" wrap="wrap">
            <span>{inv.legalEntity.name}</span>
            <span>→</span>
            {inv.company.hidden ? (
              <HiddenRecord />
            ) : (
              <Anchor component={Link} to={recordPath('company', inv.companyId)} size="sm" data-testid="invoice-company">
                {inv.companyName}
              </Anchor>
            )}
            {inv.deal &&
              (inv.deal.hidden ? (
                <HiddenRecord />
              ) : (
                <Anchor component={Link} to={recordPath('deal', inv.deal.id)} size="sm" data-testid="invoice-deal">
                  · {t('moneyUi.fields.deal')}: {inv.deal.name}
                </Anchor>
              ))}
            {inv.ownerName && <span>· {inv.ownerName}</span>}
            {inv.issuedAt && <span>· {t('moneyUi.fields.issuedAt', { date: fmt.dateTime(inv.issuedAt) })}</span>}
          </Group>
        }
        actions={actions}
      />
      {inv.cancelReason && (
        <Alert color="gray" mb="sm" title={t('moneyUi.status.cancelled')}>
          {inv.cancelReason}
        </Alert>
      )}
      {inv.correctsInvoice && (
        <Alert color="grape" variant="light" mb="sm">
          {t('moneyUi.fields.corrects')}{' '}
          <Anchor component={Link} to={`/invoices/${inv.correctsInvoice.id}`}>
            № {inv.correctsInvoice.number}
          </Anchor>
          {inv.correctionReason ? ` — ${inv.correctionReason}` : ''}
        </Alert>
      )}
      {inv.creditNotes.length > 0 && (
        <Alert color="grape" variant="light" mb="sm">
          {t('moneyUi.fields.creditNotes')}{' '}
          {inv.creditNotes.map((c, i) => (
            <span key={c.id}>
              {i > 0 && ', '}
              <Anchor component={Link} to={`/invoices/${c.id}`}>
                {c.number ?? t('moneyUi.status.draft')}
              </Anchor>
            </span>
          ))}
        </Alert>
      )}
      {reasonFor === 'override' && (
        <ReasonModal
          title={t('contractsUi.overrideTitle')}
          message={holdMessage}
          confirmLabel={t('contractsUi.overrideIssue')}
          testId="invoice-credit-override"
          onConfirm={(reason) => issue.mutateAsync(reason)}
          onClose={() => setReasonFor(null)}
        />
      )}
      {(reasonFor === 'cancel' || reasonFor === 'credit') && (
        <ReasonModal
          title={t(reasonFor === 'cancel' ? 'moneyUi.actions.cancelTitle' : 'moneyUi.actions.creditTitle')}
          message={t(reasonFor === 'cancel' ? 'moneyUi.actions.cancelMessage' : 'moneyUi.actions.creditMessage')}
          confirmLabel={t(reasonFor === 'cancel' ? 'moneyUi.actions.cancel' : 'moneyUi.actions.creditNote')}
          testId={reasonFor === 'cancel' ? 'invoice-cancel' : 'invoice-credit'}
          onConfirm={(reason) => (reasonFor === 'cancel' ? cancel.mutateAsync(reason) : credit.mutateAsync(reason))}
          onClose={() => setReasonFor(null)}
        />
      )}
      {dialog}
    </>
  );
}

/** The draft's own fields and lines as one form; Save sends what changed at the invoice's version. */
function DraftEditor({ inv }: { inv: Invoice }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<DraftValues>({ mode: 'controlled', initialValues: toValues(inv, lang) });
  const { setValues, resetDirty } = form;
  // A save, an issue elsewhere or a refetch brings a new version: the form shows it.
  useEffect(() => {
    setValues(toValues(inv, lang));
    resetDirty(toValues(inv, lang));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the version is what changes the saved content
  }, [inv.id, inv.version, lang]);
  const save = useUpdateInvoice(inv, {
    onSuccess: () => notifications.show({ color: 'teal', message: t('moneyUi.actions.saved') }),
    onError: (err) => setAlert(showSaveError(form, err, (e) => errorText(e, t))),
  });
  const v = form.getValues();
  const rates = allowedVatRates(inv.legalEntity.country, inv.seller.vatPayer);
  const needsReason = v.lines.some((l) => needsExemptionReason(inv.legalEntity.country, l.vatRate));

  const submit = (values: DraftValues) => {
    const errors: Record<string, string> = {};
    values.lines.forEach((l, i) => {
      for (const [f, key] of Object.entries(validateLine(l, rates))) errors[`lines.${i}.${f}`] = key;
    });
    if (!values.issueDate) errors.issueDate = 'moneyUi.rules.required';
    if (!values.dueDate) errors.dueDate = 'moneyUi.rules.required';
    if (needsReason && !values.vatExemptionReason.trim()) errors.vatExemptionReason = t('moneyUi.rules.vatReason');
    form.setErrors(errors);
    if (Object.keys(errors).length) return;
    setAlert(null);
    save.mutate({
      issueDate: values.issueDate.slice(0, 10),
      dueDate: values.dueDate.slice(0, 10),
      supplyDate: values.supplyDate ? values.supplyDate.slice(0, 10) : null,
      pricesIncludeVat: values.pricesIncludeVat,
      vatExemptionReason: values.vatExemptionReason.trim() || null,
      notes: values.notes.trim() || null,
      lines: linesBody(values.lines),
    });
  };
  const dateError = (f: 'issueDate' | 'dueDate') => {
    const e = form.errors[f];
    return typeof e === 'string' && e.startsWith('moneyUi.') ? t(e) : e;
  };

  return (
    <form onSubmit={form.onSubmit(submit)}>
      <Stack gap="md">
        {alert && (
          <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }} withCloseButton onClose={() => setAlert(null)}>
            {alert}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <DatePickerInput
            label={t('moneyUi.fields.issueDate')}
            valueFormat="DD.MM.YYYY"
            {...fieldProps(form, 'issueDate')}
            error={dateError('issueDate')}
          />
          <DatePickerInput
            label={t('moneyUi.fields.dueDate')}
            valueFormat="DD.MM.YYYY"
            {...fieldProps(form, 'dueDate')}
            error={dateError('dueDate')}
            data-testid="invoice-due-date"
          />
          {inv.legalEntity.country === 'BG' && (
            <DatePickerInput
              label={t('moneyUi.fields.supplyDate')}
              valueFormat="DD.MM.YYYY"
              clearable
              {...fieldProps(form, 'supplyDate')}
            />
          )}
        </SimpleGrid>
        <InvoiceLines inv={inv} form={form as never} editable />
        <Group justify="space-between" align="flex-start">
          <Switch label={t('moneyUi.lines.pricesIncludeVat')} {...fieldProps(form, 'pricesIncludeVat', { type: 'checkbox' })} />
        </Group>
        {(needsReason || v.vatExemptionReason) && (
          <TextInput
            label={t(inv.legalEntity.country === 'RU' ? 'moneyUi.fields.noVatReason' : 'moneyUi.fields.zeroVatBasis')}
            placeholder={inv.legalEntity.country === 'RU' ? 'ст. 145 НК РФ' : 'чл. 113, ал. 9 от ЗДДС'}
            maxLength={500}
            {...fieldProps(form, 'vatExemptionReason')}
            data-testid="invoice-vat-reason"
          />
        )}
        <Textarea label={t('moneyUi.fields.notes')} autosize minRows={2} maxLength={5000} {...fieldProps(form, 'notes')} />
        <Group justify="flex-end">
          <Button variant="default" disabled={!form.isDirty()} onClick={() => form.setValues(toValues(inv, lang))}>
            {t('moneyUi.actions.discard')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()} data-testid="invoice-save">
            {t('salesUi.common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Details({ inv }: { inv: Invoice }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const item = (label: string, value: React.ReactNode) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value || '—'}</Text>
    </div>
  );
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} mb="sm">
      {item(t('moneyUi.fields.issueDate'), fmt.day(inv.issueDate))}
      {item(
        t('moneyUi.fields.dueDate'),
        <span style={{ color: inv.overdue ? 'var(--mantine-color-red-7)' : undefined }}>{fmt.day(inv.dueDate)}</span>,
      )}
      {inv.supplyDate && item(t('moneyUi.fields.supplyDate'), fmt.day(inv.supplyDate))}
      {item(t('moneyUi.fields.currency'), inv.currency)}
      {inv.vatExemptionReason && item(t('moneyUi.fields.noVatReason'), inv.vatExemptionReason)}
      {inv.notes && item(t('moneyUi.fields.notes'), inv.notes)}
    </SimpleGrid>
  );
}

/** /invoices/:id: header and actions, the draft's form or the issued content, totals in figures and words, payments, PDF, history. */
export function InvoicePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const query = useInvoice(id);
  const showError = (err: unknown) => notifications.show({ color: 'red', message: errorText(err, t) });
  if (query.isPending) return <PageLoader />;
  if (query.error) {
    if (isApiError(query.error) && (query.error.status === 404 || query.error.status === 400)) return <NotFoundPage />;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  const inv = query.data;
  const editable = inv.canEdit && inv.status === 'draft' && !inv.deletedAt;
  return (
    <>
      <Header inv={inv} onError={showError} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, xl: 8 }}>
          <Stack gap="md">
            <Paper p="md" withBorder>
              <Title order={4} mb="sm">
                {t('moneyUi.lines.title')}
              </Title>
              {editable ? (
                <DraftEditor inv={inv} />
              ) : (
                <>
                  <Details inv={inv} />
                  <InvoiceLines inv={inv} editable={false} />
                </>
              )}
              <Group justify="space-between" align="flex-start" mt="md" wrap="wrap">
                <Text size="sm" maw={420} data-testid="invoice-amount-words">
                  <Text span c="dimmed" size="xs" display="block">
                    {t('moneyUi.amounts.inWords')}
                  </Text>
                  {inv.amountInWords}
                </Text>
                <Totals inv={inv} />
              </Group>
            </Paper>
            {inv.status !== 'draft' && inv.kind === 'invoice' && <InvoicePayments inv={inv} />}
            <InvoiceDocument inv={inv} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 4 }}>
          <Paper p="md" withBorder>
            <Title order={4} mb="sm">
              {t('moneyUi.history')}
            </Title>
            <TimelinePanel resource={`/invoices/${inv.id}`} notes={false} />
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
