import { useState } from 'react';
import { Button, Group, Paper, Select, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { activityTypes, useSaveActivity, type ActivityType } from './activities.api';
import { activityIcons } from './ActivityTypeIcon';
import { defaultDueWall, type ActivityDefaults } from './ActivityFormModal';
import { fromWall, safeZone } from '../../lib/zoned';

/** One line to plan a call or a task without leaving the page; "More" opens the full form. */
export function QuickActivityForm({ onMore, ownerId }: { onMore: (d: ActivityDefaults) => void; ownerId?: string }) {
  const { t } = useTranslation();
  const me = useSession();
  const tz = safeZone(me.user.timeZone);
  const save = useSaveActivity();
  const [type, setType] = useState<ActivityType>('call');
  const [subject, setSubject] = useState('');
  const [due, setDue] = useState<string | null>(() => defaultDueWall(tz));
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    if (!subject.trim()) {
      setError(t('salesUi.common.required'));
      return;
    }
    save.mutate(
      {
        body: { type, subject: subject.trim(), dueAt: fromWall(due, tz) ?? undefined, ownerId: ownerId ?? me.user.id, durationMinutes: 30 },
      },
      {
        onSuccess: (a) => {
          setSubject('');
          setError(null);
          notifications.show({ color: 'teal', message: t('salesUi.activities.created', { subject: a.subject }) });
        },
        onError: (err) => setError(errorText(err, t)),
      },
    );
  };

  const Icon = activityIcons[type];
  return (
    <Paper p="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Group gap="xs" align="flex-start" wrap="wrap">
          <Select
            w={150}
            data={activityTypes.map((v) => ({ value: v, label: t(`salesUi.activityTypes.${v}`) }))}
            value={type}
            onChange={(v) => v && setType(v as ActivityType)}
            allowDeselect={false}
            leftSection={<Icon size={16} />}
            aria-label={t('salesUi.activities.type')}
          />
          <TextInput
            style={{ flex: 1, minWidth: 220 }}
            placeholder={t('salesUi.agenda.quickPlaceholder')}
            value={subject}
            onChange={(e) => {
              setSubject(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            data-testid="quick-activity-subject"
          />
          <DateTimePicker
            w={190}
            value={due}
            onChange={setDue}
            valueFormat="DD.MM.YYYY HH:mm"
            timePickerProps={{ format: '24h', withDropdown: true }}
            aria-label={t('salesUi.activities.dueAt')}
          />
          <Button type="submit" leftSection={<IconPlus size={16} />} loading={save.isPending} data-testid="quick-activity-add">
            {t('salesUi.agenda.add')}
          </Button>
          <Button variant="subtle" onClick={() => onMore({ type, subject, dueAt: fromWall(due, tz) ?? undefined, ownerId })}>
            {t('salesUi.agenda.more')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
