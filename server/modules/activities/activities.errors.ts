import { defineErrors } from '../../platform/errors.js';

/** Errors of activities and reminders (messages in contracts/i18n/activities.ts). */
export const ActivityErrors = defineErrors('activities', {
  ACTIVITY_NOT_FOUND: { status: 404 },
  ACTIVITY_ALREADY_DONE: { status: 409 },
});

/** Field rule codes (dotted: translated from the activities catalogue, not `validation.*`). */
export const ActivityFieldCodes = {
  outcomeRequired: 'activities.rules.outcomeRequired',
  linkNotFound: 'activities.rules.linkNotFound',
  ownerNotAllowed: 'activities.rules.ownerNotAllowed',
  doneInFuture: 'activities.rules.doneInFuture',
  rangeTooLong: 'activities.rules.rangeTooLong',
  rangeOrder: 'activities.rules.rangeOrder',
} as const;
