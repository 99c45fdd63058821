export { searchRoutes } from './search.routes.js';
export {
  runSearch,
  buildSearchRequest,
  understandQuery,
  RANK,
  type QueryParts,
  type SearchRequest,
  type SearchHit,
  type SearchProvider,
} from './search.service.js';
export { planNameQuery, nameLevelConditions, nameMatchAny, NAME_LEVELS, type NamePlan, type NameTerm } from './search.names.js';
export {
  normalizePhone,
  searchPhonesValue,
  searchEmailsValue,
  phoneQueryDigits,
  workspaceRegion,
  regionOf,
  type Region,
} from './search.phones.js';
export { accessScope, scopeBranches, sharedBranch, ownedBy, withBitmapScans, type AccessScope } from './search.scope.js';
export type { SearchTables } from './search.table.js';
