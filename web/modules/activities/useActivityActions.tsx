import { useCallback, useRef, useState } from 'react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { useDeleteWithUndo } from '../../ui/useDeleteWithUndo';
import { useSaveActivity, type Activity } from './activities.api';
import { ActivityFormModal, type ActivityDefaults } from './ActivityFormModal';
import { CompleteActivityDialog } from './CompleteActivityDialog';
import { addDays, fromWall, nextWorkingDay, safeZone, toWall, ymdOf } from '../../lib/zoned';

/**
 * What every activity list offers (agenda, calendar, deal page): complete with outcome and
 * follow-up, plan or edit in a dialog, postpone, delete with undo. Render `dialogs` once.
 */
export function useActivityActions() {
  const { t } = useTranslation();
  const me = useSession();
  const tz = safeZone(me.user.timeZone);
  const { mutateAsync: saveActivity } = useSaveActivity();
  const [completing, setCompleting] = useState<Activity | null>(null);
  const [form, setForm] = useState<{ activity: Activity | null; defaults?: ActivityDefaults } | null>(null);
  const remove = useDeleteWithUndo('/activities', [['activities'], ['deals'], ['control']]);

  const complete = useCallback((a: Activity) => setCompleting(a), []);
  const edit = useCallback((a: Activity) => setForm({ activity: a }), []);
  const create = useCallback((defaults?: ActivityDefaults) => setForm({ activity: null, defaults }), []);
  // useDeleteWithUndo returns a new function each render; a ref keeps `remove` stable for memoized rows.
  const removeRef = useRef(remove);
  removeRef.current = remove;
  const del = useCallback((a: Activity) => void removeRef.current(a.id, a.subject), []);

  const postpone = useCallback(
    async (a: Activity, how: 'hour' | 'tomorrow' | 'week') => {
      let dueAt: string | null;
      if (how === 'hour') {
        // From now if it is already late: "an hour later" than a time long gone is still overdue.
        const base = Math.max(new Date(a.dueAt).getTime(), Date.now());
        dueAt = new Date(base + 3600_000).toISOString();
      } else {
        const time = (toWall(a.dueAt, tz) ?? '').slice(11);
        const today = ymdOf(new Date(), tz);
        const day = how === 'tomorrow' ? nextWorkingDay(today) : addDays(today, 7);
        dueAt = fromWall(`${day} ${time}`, tz);
      }
      try {
        await saveActivity({ id: a.id, body: { dueAt: dueAt ?? undefined, version: a.version } });
        notifications.show({ color: 'teal', message: t('salesUi.agenda.postponed', { subject: a.subject }) });
      } catch (err) {
        notifications.show({ color: 'red', message: errorText(err, t) });
      }
    },
    [saveActivity, t, tz],
  );

  const onCompleted = useCallback(
    (done: Activity, next: Activity | null) => {
      notifications.show({
        color: 'teal',
        message: next
          ? t('salesUi.complete.doneWithNext', { subject: done.subject, next: next.subject })
          : t('salesUi.complete.done', { subject: done.subject }),
      });
    },
    [t],
  );

  const dialogs = (
    <>
      <CompleteActivityDialog activity={completing} onClose={() => setCompleting(null)} onCompleted={onCompleted} />
      <ActivityFormModal opened={!!form} activity={form?.activity} defaults={form?.defaults} onClose={() => setForm(null)} />
    </>
  );

  return { complete, edit, create, postpone, remove: del, dialogs };
}
