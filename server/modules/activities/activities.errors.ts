/** Stable error codes of activities and reminders (messages in contracts/i18n/activities.ts). */
export const ActivityErrors = {
  notFound: 'ACTIVITY_NOT_FOUND',
  alreadyDone: 'ACTIVITY_ALREADY_DONE',
} as const;

/** Field rule codes (dotted: translated from the activities catalogue, not `validation.*`). */
export const ActivityFieldCodes = {
  outcomeRequired: 'activities.rules.outcomeRequired',
  linkNotFound: 'activities.rules.linkNotFound',
  ownerNotAllowed: 'activities.rules.ownerNotAllowed',
  doneInFuture: 'activities.rules.doneInFuture',
  rangeTooLong: 'activities.rules.rangeTooLong',
  rangeOrder: 'activities.rules.rangeOrder',
} as const;
