// An invoice as the data of a printed document (счёт на оплату, УПД, фактура, кредитно известие),
// and its PDF or DOCX. Registered as the `invoice` document source in app.ts, so the templates
// preview fills any template from an invoice too; GET /invoices/:id/pdf and /docx choose the
// template that the invoice's country and kind call for. The templates module (core) renders.
import { translate } from '../../../contracts/i18n/index.js';
import type { Invoice, InvoiceFileQuery } from '../../../contracts/invoices.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { legalEntityForDocuments } from '../legal-entities/index.js';
import {
  builtInLanguage,
  defaultVatExemptReason,
  documentEntityOf,
  documentModel,
  isBuiltIn,
  renderDocument,
  type DocumentEntity,
  type DocumentLanguage,
  type DocumentModel,
  type DocumentSourceOptions,
  type RenderedFile,
  type TemplateSettings,
} from '../templates/index.js';
import { getUser } from '../users/index.js';
import { getInvoice } from './invoices.read.js';

/** The built-in an invoice prints as when no template is asked for: its country's, and a note as a note. */
export function defaultTemplateOf(inv: Pick<Invoice, 'kind' | 'legalEntity'>): 'ru-invoice' | 'bg-invoice' | 'bg-credit-note' {
  if (inv.legalEntity.country === 'BG') return inv.kind === 'credit_note' ? 'bg-credit-note' : 'bg-invoice';
  return 'ru-invoice';
}

/** The language an invoice speaks (its printed labels, its e-mail): that of its issuer's country. */
export const invoiceLanguage = (inv: Pick<Invoice, 'legalEntity'>): DocumentLanguage => (inv.legalEntity.country === 'BG' ? 'bg' : 'ru');

/**
 * Our entity as the invoice prints it: the requisites frozen when it was issued (the live ones
 * while a draft), with today's logo, signature and stamp.
 */
async function issuerOf(db: Db, user: AuthUser, inv: Invoice, given: DocumentEntity | null): Promise<DocumentEntity> {
  let live = given?.id === inv.legalEntity.id ? given : null;
  if (!live) {
    const le = await legalEntityForDocuments(db, user.workspaceId, inv.legalEntity.id);
    // An entity with invoices cannot be deleted (onLegalEntityDelete), so it is there.
    live = documentEntityOf(le!.entity, le!.images);
  }
  const s = inv.seller;
  return {
    ...live,
    name: s.name ?? live.name,
    country: inv.legalEntity.country,
    inn: s.inn,
    kpp: s.kpp,
    ogrn: s.ogrn,
    eik: s.eik,
    vatNumber: s.vatNumber,
    address: s.address,
    bankName: s.bankName,
    bik: s.bik,
    settlementAccount: s.settlementAccount,
    correspondentAccount: s.correspondentAccount,
    iban: s.iban,
    bic: s.bic,
    director: s.director,
    accountant: s.accountant,
    vatPayer: s.vatPayer ?? live.vatPayer,
  };
}

/** The model of an invoice already read for the caller. */
async function modelOf(db: Db, user: AuthUser, inv: Invoice, language: DocumentLanguage, given: DocumentEntity | null) {
  const entity = await issuerOf(db, user, inv, given);
  const b = inv.buyer;
  // A client the caller may not open is printed without its name or requisites (buyer is null then).
  const client: DocumentModel['client'] = {
    name: b?.name ?? '',
    country: b?.country ?? null,
    inn: b?.inn ?? null,
    kpp: b?.kpp ?? null,
    ogrn: b?.ogrn ?? null,
    eik: b?.eik ?? null,
    vatNumber: b?.vatNumber ?? null,
    address: b?.address ?? null,
    bankName: b?.bankName ?? null,
    bik: b?.bik ?? null,
    settlementAccount: b?.settlementAccount ?? null,
    correspondentAccount: b?.correspondentAccount ?? null,
    iban: b?.iban ?? null,
    bic: b?.bic ?? null,
    contactName: inv.contact && !inv.contact.hidden ? inv.contact.name : null,
  };
  const owner = inv.ownerId ? await getUser(db, user.workspaceId, inv.ownerId).catch(() => undefined) : undefined;
  const exempt = inv.lines.some((l) => l.vatRate === 'none' || l.vatRate === '0') || !entity.vatPayer;
  return documentModel({
    language,
    currency: inv.currency,
    number: inv.number,
    date: inv.issueDate,
    dueDate: inv.kind === 'credit_note' ? null : inv.dueDate,
    supplyDate: inv.supplyDate,
    entity,
    client,
    deal: inv.deal && !inv.deal.hidden && inv.deal.name ? { id: inv.deal.id, title: inv.deal.name } : null,
    contract: null,
    correction: inv.correctsInvoice
      ? { invoiceNumber: inv.correctsInvoice.number, invoiceDate: inv.correctsInvoice.issueDate, reason: inv.correctionReason }
      : null,
    manager: owner ? { name: owner.name, email: owner.email, phone: null } : null,
    pricesIncludeVat: inv.pricesIncludeVat,
    vatExemptReason: exempt ? (inv.vatExemptionReason ?? defaultVatExemptReason(entity, language)) : null,
    lines: inv.lines.map((l, i) => ({
      position: i + 1,
      name: l.name,
      quantity: l.quantity,
      unit: l.unit,
      price: l.price,
      discountPercent: l.discountPercent,
      // «Без НДС» is a rate of its own on the invoice; on paper it is no tax with its reason.
      vatRate: l.vatRate === 'none' ? '0' : l.vatRate,
      subtotal: l.subtotal,
      vatAmount: l.vatAmount,
      total: l.total,
    })),
    notes: inv.notes,
  });
}

/** The document source of invoices: the model of one the caller may open (404 otherwise). */
export async function invoiceDocumentModel(db: Db, user: AuthUser, id: string, opts: DocumentSourceOptions): Promise<DocumentModel> {
  const inv = await getInvoice(db, user, id);
  return modelOf(db, user, inv, opts.language, opts.entity);
}

/** What the document is called, by the template it is printed with. */
export function documentKindOf(inv: Pick<Invoice, 'kind'>, template: string): 'upd' | 'creditNote' | 'invoiceRu' | 'invoice' {
  if (template === 'ru-upd') return 'upd';
  if (inv.kind === 'credit_note') return 'creditNote';
  return template === 'ru-invoice' ? 'invoiceRu' : 'invoice';
}

/** «Счёт на оплату № СЧ-2026-00001.pdf», «Фактура № 0000000012.docx»; a draft says it is one. */
function fileNameOf(inv: Invoice, template: string, language: DocumentLanguage, format: 'pdf' | 'docx'): string {
  const kind = documentKindOf(inv, template);
  const t = (key: string, params?: Record<string, unknown>) => translate(language, `invoiceOutput.file.${key}`, params);
  const base = inv.number ? t('numbered', { title: t(kind), number: inv.number }) : t('draft', { title: t(kind) });
  return `${base.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_')}.${format}`;
}

export type InvoiceFile = RenderedFile & { template: string; language: DocumentLanguage };

/**
 * The invoice as a PDF or DOCX: the template asked for (a built-in or an uploaded one), else its
 * country's and kind's; in the template's language unless another is asked for.
 */
export async function invoiceFile(
  db: Db,
  user: AuthUser,
  id: string,
  format: 'pdf' | 'docx',
  q: InvoiceFileQuery,
  settings: TemplateSettings,
): Promise<InvoiceFile> {
  return invoiceFileOf(db, user, await getInvoice(db, user, id), format, q, settings);
}

/** The same for an invoice already read for the caller. */
export async function invoiceFileOf(
  db: Db,
  user: AuthUser,
  inv: Invoice,
  format: 'pdf' | 'docx',
  q: InvoiceFileQuery,
  settings: TemplateSettings,
): Promise<InvoiceFile> {
  const template = q.template ?? defaultTemplateOf(inv);
  // A built-in writes in its own language, an uploaded template in the invoice's, unless asked.
  const language = q.language ?? (isBuiltIn(template) ? builtInLanguage(template) : invoiceLanguage(inv));
  const model = await modelOf(db, user, inv, language, null);
  const file = await renderDocument(db, user, template, model, format, settings);
  return { ...file, fileName: isBuiltIn(template) ? fileNameOf(inv, template, language, format) : file.fileName, template, language };
}
