export { companiesRoutes } from './companies.routes.js';
export {
  getCompany,
  canSeeCompany,
  createCompany,
  updateCompany,
  deleteCompany,
  restoreCompany,
  mergeCompanies,
  listCompanies,
  findCompanyDuplicates,
  searchCompanies,
  companySearchFields,
  companyNames,
  textQuery,
  toCompany,
} from './companies.service.js';
export { findVisibleCompany, type CompanyRow } from './companies.repository.js';
export { CounterpartyErrors, CounterpartyFieldCodes, DuplicateError, handleDuplicates } from './companies.errors.js';
export * from './requisites.js';
export type { CompaniesTables, Phone, Email, Address } from './companies.table.js';
export { companyRecord } from './companies.record.js';
