import type { Reminder } from '../../../contracts/activities';
import { api, apiUrl } from '../../api';

// Apart from activities.api.ts on purpose: the reminder listener sits in the always-loaded shell and
// takes only this much of the module.

/** Reminders that fell due after `since` (the previous answer's `now`), for browsers without the stream. */
export const fetchDueReminders = (since: string | undefined) => api.get<{ items: Reminder[]; now: string }>('/reminders/due', { since });

/** The Server-Sent Events stream of the signed-in user's reminders. */
export const reminderStreamUrl = () => apiUrl('/reminders/stream');
