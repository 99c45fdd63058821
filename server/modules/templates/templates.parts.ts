// Pieces the built-in documents are made of: the bank block of a Russian счёт, the parties, the
// lines, the totals with VAT per rate, the amount in words and the signatures. Every label comes
// from the catalogue (contracts/i18n/templates.ts) in the document's language.
import { translate } from '../../../contracts/i18n/index.js';
import type { DocumentModel, DocumentParty } from '../../../contracts/templates.js';
import { cell, para, run, text, type Block, type Cell, type Para, type Signature } from './templates.blocks.js';
import { formatDate, formatMoney, formatNumber } from './templates.format.js';
import { D, money } from '../money/index.js';

export type Ctx = {
  m: DocumentModel;
  t: (key: string, params?: Record<string, unknown>) => string;
  money: (v: string) => string;
  num: (v: string) => string;
  date: (d: string) => string;
  /** The currency as written after an amount: «руб.», «евро», «EUR». */
  cur: string;
  number: string;
};

export function ctxOf(m: DocumentModel): Ctx {
  // A sentence ending in an abbreviation («руб.», «г.») must not get a second period.
  const t = (key: string, params: Record<string, unknown> = {}) =>
    translate(m.language, `templates.doc.${key}`, params).replace(/\.\.(?!\.)/g, '.');
  return {
    m,
    t,
    money: (v) => formatMoney(v, m.language),
    num: (v) => formatNumber(v, m.language),
    date: (d) => formatDate(d, m.language),
    cur: t(`currency.${m.currency}`),
    number: m.number ?? t('noNumber'),
  };
}

const GREY = '#eeeeee';
const small = (s: string): Para => para([run(s, { size: 7 })]);

export function logo(c: Ctx): Block[] {
  const img = c.m.entity.images.logo;
  return img ? [{ type: 'image', image: img, width: 150, height: 50 }] : [];
}

export const title = (s: string, align: 'left' | 'center' = 'left'): Block =>
  text(s, { bold: true, size: 13, align, spaceBefore: 4, spaceAfter: 4 });
export const heading = (s: string): Block => text(s, { bold: true, size: 10, spaceBefore: 6, spaceAfter: 3 });

type ReqKey = 'inn' | 'kpp' | 'ogrn' | 'eik' | 'vatNumber' | 'address';
/** «ООО «Ромашка», ИНН 7707083893, КПП 773601001, 117997, г. Москва, …»: a party on one line. */
export function partyLine(c: Ctx, p: DocumentParty, keys: ReqKey[] = ['inn', 'kpp', 'eik', 'vatNumber', 'address']): string {
  const parts = [p.name];
  for (const k of keys) {
    const v = p[k];
    if (!v) continue;
    parts.push(k === 'address' ? v : `${c.t(`req.${k}`)} ${v}`);
  }
  return parts.filter(Boolean).join(', ');
}

/** A party as a stack of labelled lines (the columns of a фактура, the requisites of a contract). */
export function partyParas(
  c: Ctx,
  p: DocumentParty & { contactName?: string | null },
  opts: { bank?: boolean; responsible?: string | null } = {},
): Para[] {
  const out: Para[] = [para(p.name || '—', { bold: true })];
  const line = (label: string, v: string | null | undefined) => {
    if (v) out.push(para([run(`${label}: `), run(v)]));
  };
  line(c.t('req.eik'), p.eik);
  line(c.t('req.vatNumber'), p.vatNumber);
  line(c.t('req.inn'), p.inn);
  line(c.t('req.kpp'), p.kpp);
  line(c.t('req.ogrn'), p.ogrn);
  line(c.t('req.address'), p.address);
  if (opts.bank) {
    line(c.t('bank.bank'), p.bankName);
    line(c.t('req.bik'), p.bik);
    line(c.t('req.settlementAccount'), p.settlementAccount);
    line(c.t('req.correspondentAccount'), p.correspondentAccount);
    line(c.t('req.iban'), p.iban);
    line(c.t('req.bic'), p.bic);
  }
  line(c.t('party.responsible'), opts.responsible ?? null);
  return out;
}

/**
 * The bank block at the top of a Russian счёт на оплату: the recipient's bank with its BIK and
 * correspondent account, the INN and KPP, the settlement account, the recipient.
 */
export function ruBankBlock(c: Ctx): Block {
  const e = c.m.entity;
  const rows: Cell[][] = [
    [
      cell([para(e.bankName ?? ''), small(c.t('bank.bankOfRecipient'))], { colSpan: 2, rowSpan: 2 }),
      cell(c.t('req.bik')),
      cell(e.bik ?? ''),
    ],
    [cell(c.t('bank.account')), cell(e.correspondentAccount ?? '')],
    [
      cell(`${c.t('req.inn')} ${e.inn ?? ''}`),
      cell(`${c.t('req.kpp')} ${e.kpp ?? ''}`),
      cell(c.t('bank.account'), { rowSpan: 2 }),
      cell(e.settlementAccount ?? '', { rowSpan: 2 }),
    ],
    [cell([para(e.name), small(c.t('bank.recipient'))], { colSpan: 2 })],
  ];
  return { type: 'table', widths: [28, 27, 9, 36], rows, borders: 'grid', spaceAfter: 8 };
}

/** Labelled rows without borders: «Поставщик: …», «Покупатель: …», «Основание: …». */
export function labelled(rows: [string, string | Para[]][]): Block {
  return {
    type: 'table',
    widths: [18, 82],
    borders: 'none',
    rows: rows.map(([label, value]) => [cell(`${label}:`), typeof value === 'string' ? cell(value, { bold: true }) : cell(value)]),
    spaceAfter: 6,
  };
}

/** «договор № 15 от 1 декабря 2026 г.», or null when there is no contract. */
export function contractRef(c: Ctx): string | null {
  const k = c.m.contract;
  if (!k?.number) return null;
  return k.date
    ? c.t('party.contractRef', { number: k.number, date: c.date(k.date) })
    : c.t('party.contractRefNoDate', { number: k.number });
}

export type Column =
  'no' | 'item' | 'goods' | 'qty' | 'unit' | 'price' | 'netPrice' | 'discount' | 'vatRate' | 'vatAmount' | 'net' | 'gross' | 'shown';
const weights: Record<Column, number> = {
  no: 5,
  item: 38,
  goods: 38,
  qty: 11,
  unit: 7,
  price: 13,
  netPrice: 13,
  discount: 10,
  vatRate: 8,
  vatAmount: 11,
  net: 14,
  gross: 14,
  shown: 14,
};

/** The unit price without VAT, for countries whose invoice must show it (Bulgaria, art. 114). */
export function netPrice(c: Ctx, l: DocumentModel['lines'][number]): string {
  if (!c.m.pricesIncludeVat) return l.price;
  return money(new D(l.price).mul(100).div(new D(100).plus(l.vatRate)));
}

/**
 * The lines as a table. `shown` is the amount a Russian счёт prints: with VAT when the prices
 * include it, without when VAT is added on top. The discount column appears only when a line has one.
 */
export function linesTable(c: Ctx, columns: Column[]): Block {
  const hasDiscount = c.m.lines.some((l) => !new D(l.discountPercent).isZero());
  const cols = columns.filter((k) => k !== 'discount' || hasDiscount);
  const header: Record<Column, string> = {
    no: c.t('col.no'),
    item: c.t('col.item'),
    goods: c.t('col.goods'),
    qty: c.t('col.qty'),
    unit: c.t('col.unit'),
    price: c.t('col.price'),
    netPrice: c.t('col.price'),
    discount: c.t('col.discount'),
    vatRate: c.t('col.vatRate'),
    vatAmount: c.t('col.vatAmount'),
    net: c.t('col.amount'),
    gross: c.t('col.amount'),
    shown: c.t('col.amount'),
  };
  const value = (k: Column, l: DocumentModel['lines'][number]): Cell => {
    switch (k) {
      case 'no':
        return cell(String(l.position), { align: 'center' });
      case 'item':
      case 'goods':
        return cell(l.name);
      case 'qty':
        return cell(c.num(l.quantity), { align: 'right' });
      case 'unit':
        return cell(l.unit ?? '', { align: 'center' });
      case 'price':
        return cell(c.money(l.price), { align: 'right' });
      case 'netPrice':
        return cell(c.money(netPrice(c, l)), { align: 'right' });
      case 'discount':
        return cell(c.num(l.discountPercent), { align: 'right' });
      case 'vatRate':
        return cell(c.num(l.vatRate), { align: 'right' });
      case 'vatAmount':
        return cell(c.money(l.vatAmount), { align: 'right' });
      case 'net':
        return cell(c.money(l.subtotal), { align: 'right' });
      case 'gross':
        return cell(c.money(l.total), { align: 'right' });
      case 'shown':
        return cell(c.money(c.m.pricesIncludeVat ? l.total : l.subtotal), { align: 'right' });
    }
  };
  return {
    type: 'table',
    widths: cols.map((k) => weights[k]),
    headerRows: 1,
    borders: 'grid',
    rows: [
      cols.map((k) => cell(header[k], { bold: true, align: 'center', fill: GREY })),
      ...c.m.lines.map((l) => cols.map((k) => value(k, l))),
    ],
    spaceAfter: 4,
  };
}

/** Whether the document charges no VAT at all («Без НДС»): an entity that is not a VAT payer. */
export const noVat = (c: Ctx) => !c.m.entity.vatPayer || (!!c.m.vatExemptReason && new D(c.m.totals.vatTotal).isZero());

/** Totals right-aligned under the lines; the last row is the amount due, in bold. */
export function totalsBlock(rows: [string, string][]): Block {
  return {
    type: 'table',
    widths: [72, 28],
    borders: 'none',
    rows: rows.map(([label, value], i) => {
      const bold = i === rows.length - 1;
      return [cell(`${label}:`, { align: 'right', bold }), cell(value, { align: 'right', bold })];
    }),
    spaceAfter: 6,
  };
}

/**
 * Russian-style totals: «Итого», then «В том числе НДС 22 %» when prices include VAT or «НДС 22 %»
 * on top, one row per rate, or «Без НДС»; then «Всего к оплате». English uses the same shape.
 */
export function totalsWithVat(c: Ctx, dueLabel = c.t('totals.totalDue')): Block {
  const t = c.m.totals;
  const rows: [string, string][] = [];
  if (noVat(c)) {
    rows.push([c.t('totals.subtotal'), c.money(t.total)], [c.t('totals.noVat'), '—']);
  } else if (c.m.pricesIncludeVat) {
    rows.push([c.t('totals.subtotal'), c.money(t.total)]);
    for (const v of t.vat) rows.push([c.t('totals.vatIncluded', { rate: c.num(v.rate) }), c.money(v.amount)]);
  } else {
    rows.push([c.t('totals.subtotal'), c.money(t.subtotal)]);
    for (const v of t.vat) rows.push([c.t('totals.vatOnTop', { rate: c.num(v.rate) }), c.money(v.amount)]);
  }
  rows.push([dueLabel, c.money(t.total)]);
  return totalsBlock(rows);
}

/** Bulgarian totals (ЗДДС art. 114): the taxable base and the VAT of each rate, then the sum to pay. */
export function totalsBulgarian(c: Ctx, dueLabel = c.t('totals.totalDue')): Block {
  const t = c.m.totals;
  const rows: [string, string][] = [];
  for (const v of t.vat) {
    rows.push([c.t('totals.taxBase', { rate: c.num(v.rate) }), c.money(v.base)]);
    rows.push([c.t('totals.vatOnTop', { rate: c.num(v.rate) }), c.money(v.amount)]);
  }
  if (!t.vat.length) rows.push([c.t('totals.subtotal'), c.money(t.subtotal)]);
  rows.push([dueLabel, c.money(t.total)]);
  return totalsBlock(rows);
}

/** The reason no VAT is charged, when the document charges none and a reason is known. */
export function exemptLine(c: Ctx): Block[] {
  return c.m.vatExemptReason && (noVat(c) || c.m.totals.vat.some((v) => new D(v.rate).isZero()))
    ? [text(c.t('totals.vatExempt', { reason: c.m.vatExemptReason }), { spaceAfter: 4 })]
    : [];
}

/** «Всего наименований 2, на сумму 3 660,00 руб.» and the amount in words below it, in bold. */
export function countAndWords(c: Ctx, key: 'itemsCount' | 'servicesCount' = 'itemsCount'): Block[] {
  const t = c.m.totals;
  return [
    text(c.t(`totals.${key}`, { count: t.count, amount: c.money(t.total), currency: c.cur })),
    text(c.m.amountInWords, { bold: true, spaceAfter: 6 }),
  ];
}

/** «Словом: …» / «In words: …» on one line. */
export function wordsLine(c: Ctx): Block {
  return text([run(`${c.t('totals.inWords')}: `), run(c.m.amountInWords, { bold: true })], { spaceAfter: 6 });
}

export function notes(c: Ctx): Block[] {
  return c.m.notes ? [text([run(`${c.t('notes')}: `, { bold: true }), run(c.m.notes)], { spaceBefore: 4 })] : [];
}

/** Payment details of our entity: bank, accounts, BIK or IBAN and BIC, whichever it has. */
export function paymentDetails(c: Ctx): Block {
  const e = c.m.entity;
  const rows: [string, string][] = [];
  const add = (label: string, v: string | null) => v && rows.push([label, v]);
  rows.push([c.t('payment.method'), c.t('payment.bankTransfer')]);
  add(c.t('bank.bank'), e.bankName);
  add(c.t('req.iban'), e.iban);
  add(c.t('req.bic'), e.bic);
  add(c.t('req.settlementAccount'), e.settlementAccount);
  add(c.t('req.bik'), e.bik);
  add(c.t('req.correspondentAccount'), e.correspondentAccount);
  if (c.m.dueDate) rows.push([c.t('dueDate'), c.date(c.m.dueDate)]);
  return {
    type: 'table',
    widths: [28, 72],
    borders: 'none',
    rows: rows.map(([l, v]) => [cell(`${l}:`), cell(v)]),
    spaceAfter: 6,
  };
}

/** Signature lines of our side: the director and the accountant (their scans), the stamp beside. */
export function ourSignatures(c: Ctx, who: ('director' | 'accountant' | 'preparedBy')[]): Block {
  const e = c.m.entity;
  const items: Signature[] = who.map((w) =>
    w === 'director'
      ? { label: c.t('sign.director'), name: e.director, image: e.images.signature }
      : w === 'accountant'
        ? { label: c.t('sign.accountant'), name: e.accountant, image: null }
        : { label: c.t('sign.preparedBy'), name: c.m.manager?.name ?? e.accountant ?? e.director, image: null },
  );
  return { type: 'signatures', items, stamp: e.images.stamp };
}

/** «Ваш менеджер: Анна Смирнова, a.smirnova@…, +7 …». */
export function managerLine(c: Ctx): Block[] {
  const mgr = c.m.manager;
  if (!mgr) return [];
  const contact = [mgr.name, mgr.email, mgr.phone].filter(Boolean).join(', ');
  return [text([run(`${c.t('sign.manager')}: `, { bold: true }), run(contact)], { spaceBefore: 4 })];
}
