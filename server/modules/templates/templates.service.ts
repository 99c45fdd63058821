import crypto from 'node:crypto';
import { translate, type Lang } from '../../../contracts/i18n/index.js';
import type {
  BuiltInTemplateId,
  DocumentFormat,
  DocumentLanguage,
  DocumentModel,
  PreviewBody,
  TemplateDto,
} from '../../../contracts/templates.js';
import { builtInTemplateIds, documentLanguages } from '../../../contracts/templates.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { legalEntityForDocuments } from '../legal-entities/index.js';
import { builtInLanguage, builtInLayout, isBuiltIn } from './templates.builtin.js';
import { convertDocxToPdf, type SofficeSettings } from './templates.convert.js';
import { renderDocx } from './templates.docx.js';
import { TemplateErrors } from './templates.errors.js';
import { documentEntityOf } from './templates.model.js';
import { renderPdf } from './templates.pdf.js';
import { inspectTemplate, renderTemplate } from './templates.placeholders.js';
import * as repo from './templates.repository.js';
import { findDocumentSource } from './templates.sources.js';

export type TemplateSettings = { soffice: SofficeSettings; maxBytes: number };

/** Who keeps the company's own templates: the accountant's side and the admin (as legal entities). */
export const canManageTemplates = (user: AuthUser) => user.role === 'admin' || user.role === 'finance';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toDto(r: repo.TemplateRow, settings: TemplateSettings): TemplateDto {
  return {
    id: r.id,
    builtIn: false,
    name: r.name,
    language: r.language as DocumentLanguage,
    formats: settings.soffice.command ? ['pdf', 'docx', 'json'] : ['docx', 'json'],
    fileName: r.file_name,
    size: r.size,
    placeholders: r.placeholders,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  };
}

/** The built-ins (named in the request's language) and the workspace's own templates. */
export async function listTemplates(db: Db, user: AuthUser, settings: TemplateSettings, lang: Lang) {
  const builtIn: TemplateDto[] = builtInTemplateIds.map((id) => ({
    id,
    builtIn: true,
    name: translate(lang, `templates.names.${id}`),
    language: builtInLanguage(id),
    formats: ['pdf', 'docx', 'json'],
    fileName: null,
    size: null,
    placeholders: [],
    createdBy: null,
    createdAt: null,
  }));
  const rows = await repo.listTemplateRows(db, user.workspaceId);
  return { items: [...builtIn, ...rows.map((r) => toDto(r, settings))], pdfFromDocx: !!settings.soffice.command };
}

export type TemplateUpload = { fileName: string; bytes: Buffer; name?: string; language?: string };

/** Stores an uploaded .docx after checking every placeholder in it (422 naming the bad ones). */
export async function uploadTemplate(db: Db, user: AuthUser, upload: TemplateUpload, settings: TemplateSettings): Promise<TemplateDto> {
  if (!canManageTemplates(user)) throw PlatformErrors.FORBIDDEN();
  if (upload.bytes.length > settings.maxBytes) throw TemplateErrors.TEMPLATE_TOO_LARGE({ params: { max: settings.maxBytes } });
  const language = upload.language ?? user.language;
  if (!(documentLanguages as readonly string[]).includes(language))
    throw PlatformErrors.VALIDATION({
      fields: [{ path: 'language', code: 'invalid_value', params: { values: documentLanguages.join(', ') } }],
    });
  const name = (upload.name ?? '').trim() || upload.fileName.replace(/\.docx$/i, '').trim() || 'template';
  if (name.length > 200) throw PlatformErrors.VALIDATION({ fields: [{ path: 'name', code: 'too_big_string', params: { maximum: 200 } }] });
  const placeholders = inspectTemplate(upload.bytes);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertTemplate(trx, {
      workspace_id: user.workspaceId,
      name,
      language,
      file_name: upload.fileName,
      size: upload.bytes.length,
      sha256: crypto.createHash('sha256').update(upload.bytes).digest('hex'),
      bytes: upload.bytes,
      placeholders,
      created_by: user.id,
    });
    const dto = toDto((await repo.findTemplateRow(trx, user.workspaceId, id))!, settings);
    await recordAudit(trx, user, { entity: 'document_template', entityId: id, action: 'create', after: dto });
    return dto;
  });
}

async function findUploaded(db: Db, user: AuthUser, id: string): Promise<repo.TemplateRow> {
  const row = UUID.test(id) ? await repo.findTemplateRow(db, user.workspaceId, id) : undefined;
  if (!row) throw TemplateErrors.TEMPLATE_NOT_FOUND();
  return row;
}

export async function deleteTemplate(db: Db, user: AuthUser, id: string, settings: TemplateSettings): Promise<void> {
  if (!canManageTemplates(user)) throw PlatformErrors.FORBIDDEN();
  await db.transaction().execute(async (trx) => {
    const before = toDto(await findUploaded(trx, user, id), settings);
    await repo.deleteTemplateRow(trx, user.workspaceId, id);
    await recordAudit(trx, user, { entity: 'document_template', entityId: id, action: 'delete', before });
  });
}

/** The uploaded .docx as it was stored (to edit and upload again). */
export async function templateContent(db: Db, user: AuthUser, id: string) {
  const row = await findUploaded(db, user, id);
  return { fileName: row.file_name, bytes: (await repo.templateBytes(db, user.workspaceId, id))! };
}

export type RenderedFile = { bytes: Buffer; mimeType: string; fileName: string };
export const mimeOf: Record<Exclude<DocumentFormat, 'json'>, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** A built-in template filled from a model, as PDF or DOCX (pure: no database, no LibreOffice). */
export async function renderBuiltIn(id: BuiltInTemplateId, model: DocumentModel, format: Exclude<DocumentFormat, 'json'>): Promise<Buffer> {
  const layout = builtInLayout(id, model);
  return format === 'pdf' ? renderPdf(layout) : renderDocx(layout);
}

/**
 * Renders a built-in or uploaded template from a model. The work modules call this with models
 * they build themselves (an invoice's PDF); the preview endpoint with one from a document source.
 */
export async function renderDocument(
  db: Db,
  user: AuthUser,
  template: string,
  model: DocumentModel,
  format: Exclude<DocumentFormat, 'json'>,
  settings: TemplateSettings,
): Promise<RenderedFile> {
  const base = `${template}${model.number ? `-${model.number}` : ''}`.replace(/[^\p{L}\p{N}_-]+/gu, '_');
  if (isBuiltIn(template))
    return { bytes: await renderBuiltIn(template, model, format), mimeType: mimeOf[format], fileName: `${base}.${format}` };
  const row = await findUploaded(db, user, template);
  const docx = renderTemplate((await repo.templateBytes(db, user.workspaceId, row.id))!, model);
  const name = `${row.name}${model.number ? `-${model.number}` : ''}`.replace(/[^\p{L}\p{N}_ -]+/gu, '_');
  if (format === 'docx') return { bytes: docx, mimeType: mimeOf.docx, fileName: `${name}.docx` };
  return { bytes: await convertDocxToPdf(db, user.workspaceId, docx, settings.soffice), mimeType: mimeOf.pdf, fileName: `${name}.pdf` };
}

/** The language a template writes in: a built-in's own, an uploaded one's as chosen at upload. */
async function languageOf(db: Db, user: AuthUser, template: string): Promise<DocumentLanguage> {
  if (isBuiltIn(template)) return builtInLanguage(template);
  if (!UUID.test(template)) throw PlatformErrors.VALIDATION({ fields: [{ path: 'template', code: 'templates.rules.unknownTemplate' }] });
  const row = await repo.findTemplateRow(db, user.workspaceId, template);
  if (!row) throw PlatformErrors.VALIDATION({ fields: [{ path: 'template', code: 'templates.rules.unknownTemplate' }] });
  return row.language as DocumentLanguage;
}

/**
 * The model of a real record for a template: the record's source (registered by its module)
 * builds it for the caller, who must be able to open the record (404 otherwise).
 */
export async function modelFor(db: Db, user: AuthUser, body: Omit<PreviewBody, 'format'>): Promise<DocumentModel> {
  const own = await languageOf(db, user, body.template);
  const language = body.language ?? own;
  const source = findDocumentSource(body.entity);
  if (!source) throw PlatformErrors.VALIDATION({ fields: [{ path: 'entity', code: 'templates.rules.unknownEntity' }] });
  const le = await legalEntityForDocuments(db, user.workspaceId, body.legalEntityId);
  if (!le) throw PlatformErrors.VALIDATION({ fields: [{ path: 'legalEntityId', code: 'templates.rules.legalEntityNotFound' }] });
  return source(db, user, body.entityId, { entity: documentEntityOf(le.entity, le.images), language });
}

/** POST /templates/preview: the file (or the model) of a template filled from a real record. */
export async function preview(
  db: Db,
  user: AuthUser,
  body: PreviewBody,
  settings: TemplateSettings,
): Promise<RenderedFile | DocumentModel> {
  const model = await modelFor(db, user, body);
  if (body.format === 'json') return model;
  return renderDocument(db, user, body.template, model, body.format, settings);
}
