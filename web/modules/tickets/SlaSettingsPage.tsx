import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { errorText } from '../../ui/errors';
import { ErrorState } from '../../ui/ErrorState';
import { FormAlerts } from '../../ui/FormAlerts';
import { errorTestProps, fieldProps, showSaveError } from '../../ui/forms';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import {
  SLA_SEGMENTS,
  TICKET_PRIORITIES,
  useSaveSlaRules,
  useSaveWorkingHours,
  useSlaRules,
  useWorkingHours,
  type SlaRule,
  type WorkingHours,
  type WorkingInterval,
} from './tickets.api';

type HoursValues = { week: WorkingInterval[][]; holidays: string[] };

function WorkingHoursForm({ hours }: { hours: WorkingHours }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<HoursValues>({ mode: 'controlled', initialValues: { week: hours.week, holidays: hours.holidays } });
  const save = useSaveWorkingHours({
    onSuccess: (h) => {
      form.setValues({ week: h.week, holidays: h.holidays });
      form.resetDirty({ week: h.week, holidays: h.holidays });
      notifications.show({ color: 'teal', message: t('slaUi.saved') });
    },
    onError: (err) => setAlert(showSaveError(form, err, (e) => errorText(e, t))),
  });
  const v = form.getValues();
  return (
    <Paper p="md" withBorder data-testid="sla-hours">
      <form
        onSubmit={form.onSubmit((x) => {
          setAlert(null);
          save.mutate({ week: x.week.map((day) => day.map((i) => ({ from: i.from.trim(), to: i.to.trim() }))), holidays: x.holidays });
        })}
      >
        <Stack gap="sm">
          <div>
            <Title order={4}>{t('slaUi.hours')}</Title>
            <Text size="xs" c="dimmed">
              {t('slaUi.zone', { tz: hours.timeZone })}
            </Text>
          </div>
          <FormAlerts error={alert} conflict={false} />
          {form.errors.week && (
            <Text size="sm" c="red" {...errorTestProps}>
              {form.errors.week}
            </Text>
          )}
          {v.week.map((day, d) => (
            <Group key={d} align="flex-start" gap="sm" wrap="wrap" data-testid="sla-day" data-day={d}>
              <Text size="sm" fw={600} w={120} pt={6}>
                {t(`slaUi.days.${d}`)}
              </Text>
              <Stack gap={6} style={{ flex: 1, minWidth: 220 }}>
                {day.length === 0 && (
                  <Text size="sm" c="dimmed" pt={6}>
                    {t('slaUi.dayOff')}
                  </Text>
                )}
                {day.map((_, k) => (
                  <Group key={k} gap={6} wrap="nowrap" align="flex-start">
                    <TextInput
                      w={90}
                      maxLength={5}
                      placeholder="09:00"
                      aria-label={t('slaUi.from')}
                      {...fieldProps(form, `week.${d}.${k}.from`)}
                      data-testid="sla-from"
                    />
                    <Text pt={6}>–</Text>
                    <TextInput
                      w={90}
                      maxLength={5}
                      placeholder="18:00"
                      aria-label={t('slaUi.to')}
                      {...fieldProps(form, `week.${d}.${k}.to`)}
                      data-testid="sla-to"
                    />
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      mt={4}
                      onClick={() => form.removeListItem(`week.${d}`, k)}
                      aria-label={t('slaUi.removeInterval')}
                      data-testid="sla-remove-interval"
                    >
                      <IconX size={16} />
                    </ActionIcon>
                  </Group>
                ))}
                {day.length < 6 && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    w="fit-content"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => form.insertListItem(`week.${d}`, { from: '09:00', to: '18:00' })}
                    data-testid="sla-add-interval"
                  >
                    {t('slaUi.addInterval')}
                  </Button>
                )}
              </Stack>
            </Group>
          ))}
          <div>
            <Title order={5}>{t('slaUi.holidays')}</Title>
            <Text size="xs" c="dimmed" mb="xs">
              {t('slaUi.holidaysHint')}
            </Text>
            <Group gap={6} mb="xs" data-testid="sla-holidays">
              {v.holidays.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('slaUi.noHolidays')}
                </Text>
              )}
              {v.holidays.map((day) => (
                <Badge
                  key={day}
                  variant="light"
                  data-testid="sla-holiday"
                  rightSection={
                    <ActionIcon
                      size="xs"
                      variant="transparent"
                      onClick={() =>
                        form.setFieldValue(
                          'holidays',
                          v.holidays.filter((h) => h !== day),
                        )
                      }
                      aria-label={t('slaUi.removeHoliday', { day: fmt.day(day) })}
                    >
                      <IconX size={12} />
                    </ActionIcon>
                  }
                >
                  {fmt.day(day)}
                </Badge>
              ))}
            </Group>
            <DatePickerInput
              w={{ base: '100%', xs: 220 }}
              valueFormat="DD.MM.YYYY"
              placeholder={t('slaUi.addHoliday')}
              value={null}
              onChange={(d) => {
                const day = d?.slice(0, 10);
                if (day && !v.holidays.includes(day)) form.setFieldValue('holidays', [...v.holidays, day].sort());
              }}
              aria-label={t('slaUi.addHoliday')}
              data-testid="sla-add-holiday"
            />
          </div>
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} data-testid="sla-save-hours">
              {t('slaUi.saveHours')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function RulesForm({ rules }: { rules: SlaRule[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [alert, setAlert] = useState<string | null>(null);
  // One row per priority and segment, in the order the page shows them (the API's field paths index this list).
  const ordered = TICKET_PRIORITIES.flatMap((p) => SLA_SEGMENTS.map((s) => rules.find((r) => r.priority === p && r.segment === s))).filter(
    (r): r is SlaRule => !!r,
  );
  const form = useForm<{ items: SlaRule[] }>({ mode: 'controlled', initialValues: { items: ordered } });
  const save = useSaveSlaRules({
    onSuccess: () => notifications.show({ color: 'teal', message: t('slaUi.saved') }),
    onError: (err) => setAlert(showSaveError(form, err, (e) => errorText(e, t))),
  });
  const items = form.getValues().items;
  const hours = (m: unknown) =>
    typeof m === 'number' && m > 0 ? t('slaUi.asHours', { h: fmt.number(Math.round((m / 60) * 10) / 10) }) : '';
  return (
    <Paper p="md" withBorder data-testid="sla-rules">
      <form
        onSubmit={form.onSubmit((x) => {
          setAlert(null);
          save.mutate(
            x.items.map((r) => ({ ...r, responseMinutes: Number(r.responseMinutes), resolutionMinutes: Number(r.resolutionMinutes) })),
          );
        })}
      >
        <Stack gap="sm">
          <div>
            <Title order={4}>{t('slaUi.rules')}</Title>
            <Text size="xs" c="dimmed">
              {t('slaUi.rulesHint')}
            </Text>
          </div>
          <FormAlerts error={alert} conflict={false} />
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            {TICKET_PRIORITIES.map((p) => (
              <Paper key={p} p="sm" withBorder bg="var(--mantine-color-gray-light)" data-testid="sla-priority" data-priority={p}>
                <Text fw={700} mb="xs">
                  {t(`ticketsUi.priority.${p}`)}
                </Text>
                <Stack gap="xs">
                  {items.map((r, i) =>
                    r.priority !== p ? null : (
                      <Group key={r.segment} gap="xs" align="flex-start" wrap="wrap" data-testid="sla-rule" data-segment={r.segment}>
                        <Text size="sm" w={130} pt={24}>
                          {t(`slaUi.segment.${r.segment}`)}
                        </Text>
                        <NumberInput
                          w={130}
                          label={t('slaUi.response')}
                          min={1}
                          max={120000}
                          allowDecimal={false}
                          allowNegative={false}
                          description={hours(r.responseMinutes)}
                          inputWrapperOrder={['label', 'input', 'description', 'error']}
                          {...fieldProps(form, `items.${i}.responseMinutes`)}
                          data-testid="sla-response"
                        />
                        <NumberInput
                          w={130}
                          label={t('slaUi.resolution')}
                          min={1}
                          max={120000}
                          allowDecimal={false}
                          allowNegative={false}
                          description={hours(r.resolutionMinutes)}
                          inputWrapperOrder={['label', 'input', 'description', 'error']}
                          {...fieldProps(form, `items.${i}.resolutionMinutes`)}
                          data-testid="sla-resolution"
                        />
                      </Group>
                    ),
                  )}
                </Stack>
              </Paper>
            ))}
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} data-testid="sla-save-rules">
              {t('slaUi.saveRules')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Settings of the service levels (admin): the working week and holidays, and the rules per priority and segment. */
export function SlaSettingsPage() {
  const { t } = useTranslation();
  const hours = useWorkingHours();
  const rules = useSlaRules();
  return (
    <>
      <PageHeader title={t('slaUi.title')} subtitle={t('slaUi.subtitle')} titleTestId="sla-title" />
      <Stack gap="md">
        {hours.isPending ? (
          <PageLoader />
        ) : hours.error ? (
          <ErrorState error={hours.error} onRetry={() => void hours.refetch()} />
        ) : (
          <WorkingHoursForm hours={hours.data} />
        )}
        {rules.isPending ? (
          <PageLoader />
        ) : rules.error ? (
          <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
        ) : (
          <RulesForm rules={rules.data} />
        )}
      </Stack>
    </>
  );
}
