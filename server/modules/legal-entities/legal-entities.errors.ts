import { defineErrors } from '../../platform/errors.js';

/** Errors of our own legal entities (messages in contracts/i18n/legal-entities.ts). */
export const LegalEntityErrors = defineErrors('legal-entities', {
  LEGAL_ENTITY_NOT_FOUND: { status: 404 },
  LEGAL_ENTITY_IN_USE: { status: 409 },
  LEGAL_ENTITY_IMAGE_NOT_FOUND: { status: 404 },
});
