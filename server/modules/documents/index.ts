export { documentsRoutes, type DocumentSettings } from './documents.routes.js';
export { documentRecord } from './documents.record.js';
export { registerDocumentMerges } from './documents.merge.js';
