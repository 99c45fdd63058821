export { companiesRoutes } from './companies.routes.js';
export {
  getCompany,
  canSeeCompany,
  listCompanies,
  searchCompanies,
  companySearchFields,
  companyNames,
  findCompaniesByPhone,
  textQuery,
  exportCompaniesPage,
  countCompanies,
} from './companies.read.js';
export { createCompany, updateCompany, deleteCompany, restoreCompany } from './companies.service.js';
export { mergeCompanies } from './companies.merge.js';
export { findCompanyDuplicates } from './companies.duplicates.js';
export { toCompany } from './companies.view.js';
export { findVisibleCompany, type CompanyRow, type CompanyExportRow } from './companies.repository.js';
export { CompanyErrors, CounterpartyFieldCodes, DuplicateError, handleDuplicates } from './companies.errors.js';
export * from './requisites.js';
export type { CompaniesTables, Phone, Email, Address } from './companies.table.js';
export { companyRecord } from './companies.record.js';
export {
  checkCompanies,
  insertCompanies,
  companiesWithAnyKey,
  binCompaniesAtVersion,
  type BulkCompany,
  type CheckedCompany,
  type CompanyMatch,
} from './companies.bulk.js';
