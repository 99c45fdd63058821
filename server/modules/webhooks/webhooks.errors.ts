/** Stable error codes of webhooks (messages in contracts/i18n/integrations.ts). */
export const WebhookErrors = {
  notFound: 'WEBHOOK_NOT_FOUND',
  urlRefused: 'WEBHOOK_URL_REFUSED',
} as const;
