export { kbRoutes } from './kb.routes.js';
export { kbArticleRecord } from './kb.record.js';
export { suggestArticles } from './kb.search.js';
