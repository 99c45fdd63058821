// Search machinery the core modules build on: the access scope, phone/e-mail normalisation and the
// name matching levels. The search feature (routes, runSearch, providers) lives in modules/search.
export {
  planNameQuery,
  nameLevelConditions,
  nameMatchAny,
  nameMatchUpTo,
  planKeys,
  NAME_LEVELS,
  type Lexicon,
  type NamePlan,
  type NameTerm,
} from './names.js';
export {
  normalizePhone,
  displayPhone,
  phoneShown,
  searchPhonesValue,
  searchEmailsValue,
  phoneQueryDigits,
  workspaceRegion,
  regionOf,
  type Region,
} from './phones.js';
export { accessScope, scopeBranches, sharedBranch, ownedBy, withBitmapScans, type AccessScope } from './scope.js';
export type { SearchTables } from './search.table.js';
export {
  buildSearchRequest,
  understandQuery,
  RANK,
  type QueryParts,
  type SearchRequest,
  type SearchHit,
  type SearchProvider,
} from './query.js';
