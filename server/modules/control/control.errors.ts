import { defineErrors } from '../../platform/errors.js';

/** Errors of the head of sales' control (messages in contracts/i18n/activities.ts). */
export const ControlErrors = defineErrors('control', {
  TEAM_NOT_FOUND: { status: 404 },
  CONTROL_USER_NOT_FOUND: { status: 404 },
  CAPACITY_EXCEEDED: { status: 422 },
});

export const ControlFieldCodes = {
  contactNotFound: 'control.rules.contactNotFound',
  targetNotAllowed: 'control.rules.targetNotAllowed',
  capacityExceeded: 'control.rules.capacityExceeded',
} as const;
