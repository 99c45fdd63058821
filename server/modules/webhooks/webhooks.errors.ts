import { defineErrors } from '../../platform/errors.js';

/** Errors of webhooks (messages in contracts/i18n/integrations.ts). */
export const WebhookErrors = defineErrors('webhooks', {
  WEBHOOK_NOT_FOUND: { status: 404 },
  WEBHOOK_URL_REFUSED: { status: 422 },
});
