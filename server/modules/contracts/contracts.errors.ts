import { defineErrors } from '../../platform/errors.js';

/** Errors of contracts with clients (messages in contracts/i18n/contracts.ts). */
export const ContractErrors = defineErrors('contracts', {
  CONTRACT_NOT_FOUND: { status: 404 },
  CONTRACT_NUMBER_TAKEN: { status: 409 },
});
