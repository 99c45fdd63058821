import { defineErrors } from '../../platform/errors.js';

/** Errors of the jobs admin (messages in contracts/i18n/integrations.ts). */
export const JobErrors = defineErrors('jobs', {
  JOB_NOT_FOUND: { status: 404 },
  JOB_NOT_FAILED: { status: 409 },
});
