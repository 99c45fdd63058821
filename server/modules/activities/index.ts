export {
  toActivity,
  getActivity,
  listActivities,
  countActivities,
  createActivity,
  createSystemActivity,
  updateActivity,
  completeActivity,
  deleteActivity,
  restoreActivity,
  calendarActivities,
  relinkActivities,
  registerActivityMerges,
} from './activities.service.js';
export {
  agendaRows,
  agendaSectionRows,
  type AgendaRow,
  activitiesInRange,
  controlsUser,
  userTimeZone,
  isActivityVisible,
  visibleActivitiesLike,
} from './activities.repository.js';
export { activitiesRoutes } from './activities.routes.js';
export { dueReminders, createReminderHub, type ReminderHub } from './activities.reminders.js';
export { activityRecord } from './activities.record.js';
export { registerActivityDealCloses, settleDealActivities } from './activities.closing.js';
