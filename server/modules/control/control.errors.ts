/** Stable error codes of the head of sales' control (messages in contracts/i18n/activities.ts). */
export const ControlErrors = {
  teamNotFound: 'TEAM_NOT_FOUND',
  userNotFound: 'CONTROL_USER_NOT_FOUND',
  capacityExceeded: 'CAPACITY_EXCEEDED',
} as const;

export const ControlFieldCodes = {
  contactNotFound: 'control.rules.contactNotFound',
  targetNotAllowed: 'control.rules.targetNotAllowed',
  capacityExceeded: 'control.rules.capacityExceeded',
} as const;
