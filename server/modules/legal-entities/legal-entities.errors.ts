/** Stable error codes of our own legal entities (messages in contracts/i18n/legal-entities.ts). */
export const LegalEntityErrors = {
  notFound: 'LEGAL_ENTITY_NOT_FOUND',
  inUse: 'LEGAL_ENTITY_IN_USE',
  imageNotFound: 'LEGAL_ENTITY_IMAGE_NOT_FOUND',
} as const;
