export { searchRoutes } from './search.routes.js';
export { runSearch } from './search.service.js';
