/** Stable error codes of the jobs admin (messages in contracts/i18n/integrations.ts). */
export const JobErrors = {
  notFound: 'JOB_NOT_FOUND',
  notFailed: 'JOB_NOT_FAILED',
} as const;
