import type { FastifyInstance } from 'fastify';
import type { Duplicate } from '../../../contracts/companies.js';
import { AppError, defineErrors, errorBody } from '../../platform/errors.js';

/** Errors of companies, and the duplicate refusal contacts share (messages in contracts/i18n/counterparties.ts). */
export const CompanyErrors = defineErrors('companies', {
  COMPANY_NOT_FOUND: { status: 404 },
  DUPLICATE: { status: 409 },
});

/** Field rule codes (messages under `validation.<code>`); requisite codes come from requisites.ts. */
export const CounterpartyFieldCodes = {
  phoneInvalid: 'PHONE_INVALID',
  ownerInvalid: 'OWNER_INVALID',
  companyInvalid: 'COMPANY_INVALID',
  contactInvalid: 'CONTACT_INVALID',
  linkSelf: 'LINK_SELF',
  mergeSame: 'MERGE_SAME',
} as const;

/** 409 DUPLICATE carrying the records that already have the phone, email, INN or EIK. */
export class DuplicateError extends AppError {
  constructor(readonly duplicates: Duplicate[]) {
    super(CompanyErrors.DUPLICATE);
  }
}

/**
 * Answers a DuplicateError with `{ error, duplicates }` in the plugin it is registered in (the shared
 * error handler only knows `{ error }`); every other error is rethrown to the shared handler.
 */
export function handleDuplicates(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof DuplicateError)
      return reply.status(err.status).send({ ...errorBody(req.lang, err.code), duplicates: err.duplicates });
    throw err;
  });
}
