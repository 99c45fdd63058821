export { documentsRoutes, type DocumentSettings } from './documents.routes.js';
export { documentRecord } from './documents.record.js';
