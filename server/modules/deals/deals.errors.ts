/** Stable error codes of deals (messages in contracts/i18n/sales.ts). */
export const DealErrors = {
  notFound: 'DEAL_NOT_FOUND',
  notOpen: 'DEAL_NOT_OPEN',
  notClosed: 'DEAL_NOT_CLOSED',
  closeInvalid: 'DEAL_CLOSE_INVALID',
} as const;
