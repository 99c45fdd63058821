import { useState } from 'react';
import {
  Alert,
  Button,
  Collapse,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { useSession } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { blankToNull, fieldProps, showSaveError } from '../../ui/forms';
import { useUserOptions } from '../../ui/users';
import { activityTypes, needsOutcome, useSaveActivity, type Activity, type ActivityType } from './activities.api';
import { activityIcons } from './ActivityTypeIcon';
import { RecordPicker } from '../../lib/RecordPicker';
import { fromWall, nextWorkingDay, safeZone, toWall, wallAt, ymdOf } from '../../lib/zoned';

export type ActivityDefaults = Partial<
  Pick<Activity, 'type' | 'subject' | 'contactId' | 'companyId' | 'dealId' | 'ownerId' | 'dueAt' | 'durationMinutes'>
>;

type Values = {
  type: ActivityType;
  subject: string;
  dueAt: string | null;
  durationMinutes: string;
  ownerId: string;
  contactId: string | null;
  companyId: string | null;
  dealId: string | null;
  notes: string;
  done: boolean;
  outcome: string;
};

export const durationOptions = ['15', '30', '45', '60', '90', '120', '180', '240', '480'];

/** Default planned time: the next round half hour today in working hours, else tomorrow 10:00. */
export function defaultDueWall(tz: string): string {
  const now = new Date();
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(now);
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const m = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  const today = ymdOf(now, tz);
  const next = m < 30 ? { h, m: 30 } : { h: h + 1, m: 0 };
  if (next.h >= 9 && next.h < 18) return wallAt(today, next.h, next.m);
  return wallAt(next.h < 9 ? today : nextWorkingDay(today), 10, 0);
}

type Props = {
  opened: boolean;
  onClose: () => void;
  /** Edit this activity; without it a new one is planned. */
  activity?: Activity | null;
  defaults?: ActivityDefaults;
  onSaved?: (a: Activity) => void;
};

/** Plan, log or edit an activity linked to a contact, company and/or deal. */
export function ActivityFormModal({ opened, onClose, activity, ...rest }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size={760}
      title={t(activity ? 'salesUi.activities.editTitle' : 'salesUi.activities.newTitle')}
    >
      {/* The modal mounts its content on each opening, so the form starts from this activity or these defaults. */}
      <ActivityForm activity={activity} onClose={onClose} {...rest} />
    </Modal>
  );
}

function ActivityForm({ onClose, activity, defaults, onSaved }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const me = useSession();
  const tz = safeZone(me.user.timeZone);
  const users = useUserOptions();
  const save = useSaveActivity();
  const [alert, setAlert] = useState<string | null>(null);

  const initial = (): Values => ({
    type: activity?.type ?? defaults?.type ?? 'call',
    subject: activity?.subject ?? defaults?.subject ?? '',
    dueAt: toWall(activity?.dueAt ?? defaults?.dueAt ?? null, tz) ?? defaultDueWall(tz),
    durationMinutes: String(activity?.durationMinutes ?? defaults?.durationMinutes ?? 30),
    ownerId: activity?.ownerId ?? defaults?.ownerId ?? me.user.id,
    contactId: activity?.contactId ?? defaults?.contactId ?? null,
    companyId: activity?.companyId ?? defaults?.companyId ?? null,
    dealId: activity?.dealId ?? defaults?.dealId ?? null,
    notes: activity?.notes ?? '',
    done: activity?.done ?? false,
    outcome: activity?.outcome ?? '',
  });
  const form = useForm<Values>({
    initialValues: initial(),
    validate: {
      subject: (v) => (v.trim() ? null : t('salesUi.common.required')),
      dueAt: (v) => (v ? null : t('salesUi.common.required')),
      outcome: (v, values) => (values.done && needsOutcome(values.type) && !v.trim() ? t('salesUi.activities.outcomeRequired') : null),
    },
  });

  const values = form.getValues();

  const submit = (v: Values) => {
    const dueAt = fromWall(v.dueAt, tz);
    const body = {
      type: v.type,
      subject: v.subject.trim(),
      dueAt: dueAt ?? undefined,
      durationMinutes: v.durationMinutes ? Number(v.durationMinutes) : null,
      ownerId: v.ownerId,
      contactId: v.contactId,
      companyId: v.companyId,
      dealId: v.dealId,
      notes: blankToNull(v.notes),
      outcome: blankToNull(v.outcome),
      ...(activity ? { done: v.done, version: activity.version } : v.done ? { done: true } : {}),
    };
    save.mutate(
      { id: activity?.id, body },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            message: t(activity ? 'salesUi.activities.saved' : 'salesUi.activities.created', { subject: saved.subject }),
          });
          onSaved?.(saved);
          onClose();
        },
        onError: (err) =>
          setAlert(isApiError(err) && err.isVersionConflict ? errorText(err, t) : showSaveError(form, err, (e) => errorText(e, t))),
      },
    );
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="sm">
        {alert && (
          <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
            {alert}
          </Alert>
        )}
        <SegmentedControl
          fullWidth
          value={values.type}
          onChange={(v) => form.setFieldValue('type', v as ActivityType)}
          data={activityTypes.map((type) => {
            const Icon = activityIcons[type];
            return {
              value: type,
              label: (
                <Tooltip label={t(`salesUi.activityTypes.${type}`)}>
                  <Group gap={4} justify="center" wrap="nowrap">
                    <Icon size={16} />
                    <Text size="xs" visibleFrom="sm">
                      {t(`salesUi.activityTypes.${type}`)}
                    </Text>
                  </Group>
                </Tooltip>
              ),
            };
          })}
          data-testid="activity-type"
        />
        <TextInput
          label={t('salesUi.activities.subject')}
          required
          data-autofocus
          data-testid="activity-subject"
          {...fieldProps(form, 'subject')}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <DateTimePicker
            label={t('salesUi.activities.dueAt')}
            required
            valueFormat="DD.MM.YYYY HH:mm"
            timePickerProps={{ format: '24h', withDropdown: true }}
            data-testid="activity-due"
            {...fieldProps(form, 'dueAt')}
            style={{ gridColumn: 'span 2' }}
          />
          <Select
            label={t('salesUi.activities.duration')}
            data={durationOptions.map((m) => ({ value: m, label: t('salesUi.activities.minutes', { count: Number(m) }) }))}
            clearable
            {...fieldProps(form, 'durationMinutes')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <RecordPicker
            kind="contact"
            label={t('salesUi.activities.contact')}
            value={values.contactId}
            onChange={(id) => form.setFieldValue('contactId', id)}
            error={form.errors.contactId}
          />
          <RecordPicker
            kind="company"
            label={t('salesUi.activities.company')}
            value={values.companyId}
            onChange={(id) => form.setFieldValue('companyId', id)}
            error={form.errors.companyId}
          />
          <RecordPicker
            kind="deal"
            label={t('salesUi.activities.deal')}
            value={values.dealId}
            onChange={(id) => form.setFieldValue('dealId', id)}
            error={form.errors.dealId}
          />
          <Select label={t('salesUi.activities.owner')} data={users} searchable allowDeselect={false} {...fieldProps(form, 'ownerId')} />
        </SimpleGrid>
        <Textarea label={t('salesUi.activities.notes')} autosize minRows={2} maxRows={8} {...fieldProps(form, 'notes')} />
        <Switch
          label={t('salesUi.activities.alreadyDone')}
          {...fieldProps(form, 'done', { type: 'checkbox' })}
          data-testid="activity-done"
        />
        <Collapse expanded={values.done}>
          <Textarea
            label={t('salesUi.activities.outcome')}
            required={needsOutcome(values.type)}
            autosize
            minRows={2}
            {...fieldProps(form, 'outcome')}
          />
        </Collapse>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('salesUi.common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="activity-save">
            {t('salesUi.common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
