import { useState } from 'react';
import { Alert, Button, Group, Modal, NativeSelect, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconThumbDown, IconTrophy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { useSession } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { errorTestProps } from '../../ui/forms';
import { safeZone, ymdOf } from '../../lib/zoned';
import { useLostReasons } from '../pipelines/pipelines.api';
import { isDecimal, normalizeDecimal, useMoneyFormat } from '../../lib/money';
import { useActivityList } from '../activities/activities.api';
import { DecimalInput } from '../../ui/DecimalInput';

type Target = { id: string; title: string; amount: string; currency: string } | null;

/** What becomes of the deal's open activities as it closes (the API's optional closing fields). */
export type OpenActivitiesChoice = { openActivities?: 'complete' | 'cancel' | 'keep'; activitiesOutcome?: string };
type Action = NonNullable<OpenActivitiesChoice['openActivities']>;

/**
 * The deal's open activities, if it has any: complete them (with an outcome, prefilled with how the
 * deal ended), cancel them or keep them. A planned call about a deal that is over is noise on the agenda.
 */
function useOpenActivities(deal: Target, kind: 'won' | 'lost', error: string | undefined, clearError: () => void) {
  const { t } = useTranslation();
  const open = useActivityList({ dealId: deal?.id, done: 'false', limit: 200 }, !!deal);
  const count = open.data?.items.length ?? 0;
  const [action, setAction] = useState<Action>(kind === 'won' ? 'complete' : 'cancel');
  const [outcome, setOutcome] = useState('');
  const [shownFor, setShownFor] = useState<Target>(null);
  if (deal !== shownFor) {
    setShownFor(deal);
    setAction(kind === 'won' ? 'complete' : 'cancel');
    setOutcome(t(kind === 'won' ? 'salesUi.close.outcomeWon' : 'salesUi.close.outcomeLost'));
  }
  const choice = (): OpenActivitiesChoice =>
    count === 0 ? {} : { openActivities: action, ...(action === 'complete' ? { activitiesOutcome: outcome.trim() } : {}) };
  const node =
    count === 0 ? null : (
      <Stack gap={6} data-testid="close-open-activities">
        <Text size="sm" fw={500}>
          {t('salesUi.close.openActivities', { count })}
        </Text>
        <SegmentedControl
          fullWidth
          size="xs"
          value={action}
          onChange={(v) => setAction(v as Action)}
          data={(['complete', 'cancel', 'keep'] as const).map((a) => ({ value: a, label: t(`salesUi.close.activities.${a}`) }))}
          data-testid="close-activities-action"
        />
        {action === 'complete' && (
          <TextInput
            label={t('salesUi.close.activitiesOutcome')}
            value={outcome}
            onChange={(e) => {
              setOutcome(e.currentTarget.value);
              clearError();
            }}
            error={error || undefined}
            errorProps={errorTestProps}
            data-testid="close-activities-outcome"
          />
        )}
      </Stack>
    );
  return { node, choice };
}

/** Puts the API's field messages (paths given by `map`) next to the inputs; the rest becomes the alert. */
function splitErrors(err: unknown, map: Record<string, string>, t: Parameters<typeof errorText>[1]) {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  if (isApiError(err) && err.fields.length) {
    for (const f of err.fields) {
      const key = map[f.path];
      if (key) fields[key] = f.message;
      else rest.push(f.message);
    }
    return { fields, alert: rest.length ? rest.join('\n') : null };
  }
  return { fields, alert: errorText(err, t) };
}

/**
 * The submit flow both closing dialogs share: local checks first, then the API call, whose field
 * errors land next to the inputs (API paths mapped by `map`) and anything else in the alert.
 */
function useCloseSubmit(map: Record<string, string>) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reset = () => {
    setErrors({});
    setAlert(null);
  };
  const clear = (key: string) => setErrors((x) => ({ ...x, [key]: '' }));
  const submit = async (local: Record<string, string>, send: () => Promise<unknown>) => {
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await send();
    } catch (err) {
      const s = splitErrors(err, map, t);
      setErrors(s.fields);
      setAlert(s.alert);
    } finally {
      setBusy(false);
    }
  };
  return { errors, alert, busy, reset, clear, submit };
}

type LostProps = {
  deal: Target;
  onCancel: () => void;
  /** Sends the close; rejects with the API error to show. */
  onConfirm: (v: { reasonId: string; comment: string } & OpenActivitiesChoice) => Promise<unknown>;
};

/** Lost needs a reason from the configured list and a comment: the refusal report is built from them. */
export function LostDealDialog({ deal, onCancel, onConfirm }: LostProps) {
  const { t } = useTranslation();
  const reasons = useLostReasons(true);
  const [reasonId, setReasonId] = useState('');
  const [comment, setComment] = useState('');
  const {
    errors,
    alert,
    busy,
    reset,
    clear,
    submit: send,
  } = useCloseSubmit({
    reasonId: 'reason',
    lostReasonId: 'reason',
    comment: 'comment',
    lostComment: 'comment',
    activitiesOutcome: 'activitiesOutcome',
  });
  const activities = useOpenActivities(deal, 'lost', errors.activitiesOutcome, () => clear('activitiesOutcome'));

  // A dialog opened for another deal starts empty (adjusted while rendering, not in an effect after it).
  const [shownFor, setShownFor] = useState<Target>(null);
  if (deal !== shownFor) {
    setShownFor(deal);
    if (deal) {
      setReasonId('');
      setComment('');
      reset();
    }
  }

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!reasonId) local.reason = t('salesUi.close.reasonRequired');
    if (!comment.trim()) local.comment = t('salesUi.close.commentRequired');
    await send(local, () => onConfirm({ reasonId, comment: comment.trim(), ...activities.choice() }));
  };

  return (
    <Modal
      opened={!!deal}
      onClose={busy ? () => {} : onCancel}
      title={
        <Group gap={8}>
          <IconThumbDown size={18} color="var(--mantine-color-red-6)" />
          <Text fw={600}>{t('salesUi.close.lostTitle')}</Text>
        </Group>
      }
      size="md"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {deal?.title}
        </Text>
        {alert && (
          <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
            {alert}
          </Alert>
        )}
        <NativeSelect
          label={t('salesUi.close.reason')}
          required
          value={reasonId}
          onChange={(e) => {
            setReasonId(e.currentTarget.value);
            clear('reason');
          }}
          data={[
            { value: '', label: t('salesUi.close.chooseReason'), disabled: true },
            ...(reasons.data ?? []).map((r) => ({ value: r.id, label: r.name })),
          ]}
          error={errors.reason || undefined}
          errorProps={errorTestProps}
          data-testid="lost-reason-select"
        />
        <Textarea
          label={t('salesUi.close.comment')}
          description={t('salesUi.close.commentHelp')}
          required
          autosize
          minRows={3}
          value={comment}
          onChange={(e) => {
            setComment(e.currentTarget.value);
            clear('comment');
          }}
          error={errors.comment || undefined}
          errorProps={errorTestProps}
          data-testid="lost-comment"
        />
        {activities.node}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={busy} data-testid="lost-cancel">
            {t('salesUi.common.cancel')}
          </Button>
          <Button color="red" onClick={() => void submit()} loading={busy} data-testid="lost-confirm">
            {t('salesUi.close.markLost')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

type WonProps = {
  deal: Target;
  onCancel: () => void;
  onConfirm: (v: { amount: string; date: string } & OpenActivitiesChoice) => Promise<unknown>;
};

/** Won asks for the actual amount and the signing date (they feed the forecast's "won" figures). */
export function WonDealDialog({ deal, onCancel, onConfirm }: WonProps) {
  const { t } = useTranslation();
  const me = useSession();
  const money = useMoneyFormat();
  const tz = safeZone(me.user.timeZone);
  const [amount, setAmount] = useState('');
  const [date, setDate] = useState<string | null>(null);
  const {
    errors,
    alert,
    busy,
    reset,
    clear,
    submit: send,
  } = useCloseSubmit({ amount: 'amount', wonAmount: 'amount', date: 'date', wonDate: 'date', activitiesOutcome: 'activitiesOutcome' });
  const activities = useOpenActivities(deal, 'won', errors.activitiesOutcome, () => clear('activitiesOutcome'));

  // A dialog opened for another deal starts from its amount and today (adjusted while rendering).
  const [shownFor, setShownFor] = useState<Target>(null);
  if (deal !== shownFor) {
    setShownFor(deal);
    if (deal) {
      setAmount(deal.amount);
      setDate(ymdOf(new Date(), tz));
      reset();
    }
  }

  const submit = async () => {
    const value = normalizeDecimal(amount);
    const local: Record<string, string> = {};
    if (!isDecimal(value)) local.amount = t('ui.decimal.invalid');
    if (!date) local.date = t('salesUi.common.required');
    await send(local, () => onConfirm({ amount: value, date: date!.slice(0, 10), ...activities.choice() }));
  };

  return (
    <Modal
      opened={!!deal}
      onClose={busy ? () => {} : onCancel}
      title={
        <Group gap={8}>
          <IconTrophy size={18} color="var(--mantine-color-teal-6)" />
          <Text fw={600}>{t('salesUi.close.wonTitle')}</Text>
        </Group>
      }
      size="md"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {deal?.title}
          {deal ? ` · ${money.money(deal.amount, deal.currency)}` : ''}
        </Text>
        {alert && (
          <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
            {alert}
          </Alert>
        )}
        <Group grow align="flex-start">
          <DecimalInput
            label={t('salesUi.close.actualAmount')}
            required
            rightSection={
              <Text size="xs" c="dimmed">
                {deal?.currency}
              </Text>
            }
            value={amount}
            onChange={(v) => {
              setAmount(v);
              clear('amount');
            }}
            error={errors.amount}
            errorProps={errorTestProps}
            data-testid="won-amount"
          />
          <DatePickerInput
            label={t('salesUi.close.wonDate')}
            required
            value={date}
            onChange={(v) => {
              setDate(v);
              clear('date');
            }}
            valueFormat="DD.MM.YYYY"
            error={errors.date}
            data-testid="won-date"
          />
        </Group>
        {activities.node}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={busy} data-testid="won-cancel">
            {t('salesUi.common.cancel')}
          </Button>
          <Button color="teal" onClick={() => void submit()} loading={busy} data-testid="won-confirm">
            {t('salesUi.close.markWon')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
