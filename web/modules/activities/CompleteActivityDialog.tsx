import { useState } from 'react';
import {
  Alert,
  Badge,
  Box,
  Button,
  Chip,
  Collapse,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError, type FieldIssue } from '../../api';
import { useSession } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { errorTestProps } from '../../ui/forms';
import { useFormat } from '../../lib/format';
import { activityTypes, needsOutcome, useCompleteActivity, type Activity, type ActivityType } from './activities.api';
import { ActivityTypeIcon } from './ActivityTypeIcon';
import { addDays, fromWall, localInputToWall, nextWorkingDay, safeZone, wallAt, wallToLocalInput, ymdOf } from '../../lib/zoned';

type Props = { activity: Activity | null; onClose: () => void; onCompleted?: (done: Activity, next: Activity | null) => void };

const quickOutcomes = ['reached', 'noAnswer', 'callBack', 'interested', 'notInterested'] as const;

/**
 * Completing asks what came of it (required for calls and meetings) and offers to plan the
 * follow-up in the same submit, so a call never ends without the next step.
 */
export function CompleteActivityDialog({ activity, onClose, onCompleted }: Props) {
  const { t } = useTranslation();
  const me = useSession();
  const fmt = useFormat();
  const tz = safeZone(me.user.timeZone);
  const complete = useCompleteActivity();
  const [outcome, setOutcome] = useState('');
  const [notes, setNotes] = useState('');
  const [showNotes, setShowNotes] = useState(false);
  const [planNext, setPlanNext] = useState(false);
  const [nextType, setNextType] = useState<ActivityType>('call');
  const [nextSubject, setNextSubject] = useState('');
  const [nextDue, setNextDue] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string | null>(null);

  const today = ymdOf(new Date(), tz);
  const clearError = (key: string) => setErrors((e) => (e[key] ? { ...e, [key]: '' } : e));
  // A dialog opened for another activity starts empty (adjusted while rendering, not in an effect after it).
  const [shownFor, setShownFor] = useState<string | null>(null);
  if ((activity?.id ?? null) !== shownFor) {
    setShownFor(activity?.id ?? null);
    if (activity) {
      setOutcome('');
      setNotes('');
      setShowNotes(false);
      setPlanNext(false);
      setNextType(activity.type === 'task' ? 'task' : 'call');
      setNextSubject(activity.subject);
      setNextDue(wallToLocalInput(wallAt(nextWorkingDay(today), 10)));
      setErrors({});
      setAlert(null);
    }
  }

  if (!activity)
    return (
      <Modal opened={false} onClose={onClose}>
        {null}
      </Modal>
    );
  const outcomeRequired = needsOutcome(activity.type);

  const submit = () => {
    const local: Record<string, string> = {};
    if (outcomeRequired && !outcome.trim()) local.outcome = t('salesUi.activities.outcomeRequired');
    const nextDueIso = planNext ? fromWall(localInputToWall(nextDue), tz) : null;
    if (planNext && !nextSubject.trim()) local['next.subject'] = t('salesUi.common.required');
    if (planNext && !nextDueIso) local['next.dueAt'] = t('salesUi.common.required');
    setErrors(local);
    if (Object.keys(local).length) return;
    setAlert(null);
    complete.mutate(
      {
        id: activity.id,
        body: {
          outcome: outcome.trim() || null,
          notes: notes.trim() || null,
          version: activity.version,
          ...(planNext && nextDueIso ? { next: { type: nextType, subject: nextSubject.trim(), dueAt: nextDueIso } } : {}),
        },
      },
      {
        onSuccess: (res) => {
          onCompleted?.(res.activity, res.next);
          onClose();
        },
        onError: (err) => {
          const fields: FieldIssue[] = isApiError(err) ? err.fields : [];
          if (fields.length) {
            setErrors(Object.fromEntries(fields.map((f) => [f.path, f.message])));
            const shown = new Set(['outcome', 'notes', 'next.subject', 'next.dueAt', 'next.type']);
            const rest = fields.filter((f) => !shown.has(f.path));
            if (rest.length) setAlert(rest.map((f) => f.message).join('\n'));
          } else setAlert(errorText(err, t));
        },
      },
    );
  };

  const quickDue = (days: number) => setNextDue(wallToLocalInput(wallAt(days === 1 ? nextWorkingDay(today) : addDays(today, days), 10)));

  return (
    <Modal opened={!!activity} onClose={onClose} size="lg" title={t('salesUi.complete.title')}>
      <Stack gap="sm">
        <Paper p="sm" bg="var(--mantine-color-gray-0)">
          <Group gap="sm" wrap="nowrap">
            <ActivityTypeIcon type={activity.type} />
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text fw={600} truncate>
                {activity.subject}
              </Text>
              <Text size="xs" c={activity.isOverdue ? 'red' : 'dimmed'}>
                {t(`salesUi.activityTypes.${activity.type}`)} · {fmt.dateTime(activity.dueAt)}
                {activity.isOverdue && ` · ${t('salesUi.agenda.overdue')}`}
              </Text>
            </Stack>
          </Group>
        </Paper>
        {alert && (
          <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
            {alert}
          </Alert>
        )}
        {(activity.type === 'call' || activity.type === 'meeting') && (
          <Chip.Group>
            <Group gap={6}>
              {quickOutcomes.map((k) => (
                <Chip
                  key={k}
                  size="xs"
                  variant="outline"
                  checked={false}
                  onClick={() => {
                    setOutcome((o) => (o.trim() ? `${o.trim()}; ${t(`salesUi.complete.quick.${k}`)}` : t(`salesUi.complete.quick.${k}`)));
                    clearError('outcome');
                  }}
                >
                  {t(`salesUi.complete.quick.${k}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        )}
        <Textarea
          label={t('salesUi.activities.outcome')}
          description={outcomeRequired ? t('salesUi.complete.outcomeHelp') : undefined}
          required={outcomeRequired}
          autosize
          minRows={3}
          data-autofocus
          value={outcome}
          onChange={(e) => {
            setOutcome(e.currentTarget.value);
            clearError('outcome');
          }}
          error={errors.outcome || undefined}
          errorProps={errorTestProps}
          data-testid="activity-outcome"
        />
        {showNotes ? (
          <Textarea
            label={t('salesUi.activities.notes')}
            autosize
            minRows={2}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={errors.notes}
          />
        ) : (
          <Button variant="subtle" size="compact-sm" w="fit-content" onClick={() => setShowNotes(true)}>
            {t('salesUi.complete.addNotes')}
          </Button>
        )}
        <Paper p="sm">
          {/* The test id sits on a visible box: the switch's own input is zero-sized, so a browser click could not reach it. */}
          <Box data-testid="plan-next-toggle" data-checked={planNext} w="fit-content">
            <Switch checked={planNext} onChange={(e) => setPlanNext(e.currentTarget.checked)} label={t('salesUi.complete.planNext')} />
          </Box>
          <Text size="xs" c="dimmed" mt={4}>
            {t('salesUi.complete.planNextHelp')}
          </Text>
          <Collapse expanded={planNext}>
            <Stack gap="sm" mt="sm">
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <Select
                  label={t('salesUi.activities.type')}
                  data={activityTypes.map((v) => ({ value: v, label: t(`salesUi.activityTypes.${v}`) }))}
                  value={nextType}
                  onChange={(v) => v && setNextType(v as ActivityType)}
                  allowDeselect={false}
                />
                <TextInput
                  label={t('salesUi.activities.subject')}
                  value={nextSubject}
                  onChange={(e) => {
                    setNextSubject(e.currentTarget.value);
                    clearError('next.subject');
                  }}
                  error={errors['next.subject'] || undefined}
                  errorProps={errorTestProps}
                  data-testid="plan-next-subject"
                  style={{ gridColumn: 'span 2' }}
                />
              </SimpleGrid>
              <Group align="flex-end" gap="xs">
                <TextInput
                  type="datetime-local"
                  label={t('salesUi.complete.nextDue')}
                  description={t('salesUi.complete.inZone', { zone: tz })}
                  value={nextDue}
                  onChange={(e) => {
                    setNextDue(e.currentTarget.value);
                    clearError('next.dueAt');
                  }}
                  error={errors['next.dueAt'] || undefined}
                  errorProps={errorTestProps}
                  data-testid="plan-next-due"
                  w={240}
                />
                <Group gap={4} mb={errors['next.dueAt'] ? 22 : 0}>
                  <Badge component="button" type="button" variant="light" style={{ cursor: 'pointer' }} onClick={() => quickDue(1)}>
                    {t('salesUi.complete.tomorrow')}
                  </Badge>
                  <Badge component="button" type="button" variant="light" style={{ cursor: 'pointer' }} onClick={() => quickDue(3)}>
                    {t('salesUi.complete.in3days')}
                  </Badge>
                  <Badge component="button" type="button" variant="light" style={{ cursor: 'pointer' }} onClick={() => quickDue(7)}>
                    {t('salesUi.complete.nextWeek')}
                  </Badge>
                </Group>
              </Group>
            </Stack>
          </Collapse>
        </Paper>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('salesUi.common.cancel')}
          </Button>
          <Button color="teal" onClick={submit} loading={complete.isPending} data-testid="complete-confirm">
            {planNext ? t('salesUi.complete.confirmAndPlan') : t('salesUi.complete.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
