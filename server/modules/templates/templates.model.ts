import type { LegalEntity } from '../../../contracts/legal-entities.js';
import type { DocumentEntity, DocumentLanguage, DocumentModel } from '../../../contracts/templates.js';
import { translate } from '../../../contracts/i18n/index.js';
import { amountInWords, amountProblem, D, money, vatBreakdown, wordCurrencies, type WordCurrency } from '../money/index.js';

export type { DocumentModel, DocumentEntity, DocumentLine, DocumentParty, DocumentLanguage } from '../../../contracts/templates.js';

/** What a document source supplies: the model less what the server derives (totals, words). */
export type DocumentInput = Omit<DocumentModel, 'totals' | 'amountInWords'>;

/**
 * The whole model from its input: totals as exact sums of the lines' already rounded amounts, the
 * VAT per rate (taxable base and tax, highest rate first) and the total spelled in the document's
 * language. A total past what words can spell (a quadrillion) leaves the words empty.
 */
export function documentModel(input: DocumentInput): DocumentModel {
  const sum = (pick: (l: DocumentInput['lines'][number]) => string) => input.lines.reduce((acc, l) => acc.plus(pick(l)), new D(0));
  const vat = vatBreakdown(input.lines).map(({ rate, base, vat: amount }) => ({ rate, base, amount }));
  const total = money(sum((l) => l.total));
  const totals = {
    count: input.lines.length,
    subtotal: money(sum((l) => l.subtotal)),
    vatTotal: money(sum((l) => l.vatAmount)),
    total,
    vat,
  };
  return { ...input, totals, amountInWords: spell(total, input.currency, input.language) };
}

function spell(total: string, currency: string, lang: DocumentLanguage): string {
  // A credit note's reduction is spelled as its size.
  const size = total.replace(/^-/, '');
  if (!(wordCurrencies as readonly string[]).includes(currency) || amountProblem(size)) return '';
  return amountInWords(size, currency as WordCurrency, lang);
}

/** The reason printed when the entity charges no VAT: the law that frees it, per its country. */
export function defaultVatExemptReason(entity: Pick<DocumentEntity, 'country' | 'vatPayer'>, lang: DocumentLanguage): string | null {
  if (entity.vatPayer) return null;
  return translate(lang, `templates.doc.exempt.${entity.country === 'BG' ? 'BG' : 'RU'}`);
}

export type EntityImages = Partial<Record<'logo' | 'signature' | 'stamp', { mimeType: string; bytes: Buffer }>>;

const printable = (mime: string): mime is 'image/png' | 'image/jpeg' | 'image/webp' =>
  ['image/png', 'image/jpeg', 'image/webp'].includes(mime);

/** Our legal entity as the model carries it, with its images as base64. */
export function documentEntityOf(e: LegalEntity, images: EntityImages): DocumentEntity {
  const image = (kind: keyof EntityImages) => {
    const i = images[kind];
    return i && printable(i.mimeType) ? { mimeType: i.mimeType, data: i.bytes.toString('base64') } : null;
  };
  return {
    id: e.id,
    name: e.name,
    country: e.country,
    inn: e.inn,
    kpp: e.kpp,
    ogrn: e.ogrn,
    eik: e.eik,
    vatNumber: e.vatNumber,
    vatPayer: e.vatPayer,
    address: e.address,
    bankName: e.bankName,
    bik: e.bik,
    settlementAccount: e.settlementAccount,
    correspondentAccount: e.correspondentAccount,
    iban: e.iban,
    bic: e.bic,
    director: e.director,
    accountant: e.accountant,
    images: { logo: image('logo'), signature: image('signature'), stamp: image('stamp') },
  };
}
