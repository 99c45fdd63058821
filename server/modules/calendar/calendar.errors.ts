import { defineErrors } from '../../platform/errors.js';

/** Errors of the calendar feed (messages in contracts/i18n/activities.ts). */
export const CalendarErrors = defineErrors('calendar', {
  CALENDAR_FEED_NOT_FOUND: { status: 404 },
});
