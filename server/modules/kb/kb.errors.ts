import { defineErrors } from '../../platform/errors.js';

/** Errors of the knowledge base (messages in contracts/i18n/kb.ts). */
export const KbErrors = defineErrors('kb', {
  KB_ARTICLE_NOT_FOUND: { status: 404 },
  KB_VERSION_NOT_FOUND: { status: 404 },
});
