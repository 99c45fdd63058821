export { templatesRoutes } from './templates.routes.js';
export { registerDocumentSource, documentSourceKinds, type DocumentSource, type DocumentSourceOptions } from './templates.sources.js';
export { documentModel, defaultVatExemptReason, documentEntityOf } from './templates.model.js';
export type { DocumentModel, DocumentInput, DocumentEntity, DocumentLine, DocumentParty, DocumentLanguage } from './templates.model.js';
export {
  renderDocument,
  renderBuiltIn,
  modelFor,
  canManageTemplates,
  type TemplateSettings,
  type RenderedFile,
} from './templates.service.js';
export { registerTemplateJobs, convertDocxToPdf } from './templates.convert.js';
export { builtInLanguage, isBuiltIn } from './templates.builtin.js';
export { formatMoney, formatShortDate } from './templates.format.js';
