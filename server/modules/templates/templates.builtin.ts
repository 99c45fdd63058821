// The built-in documents, each a function of the document model to a layout (templates.blocks.ts),
// laid out as an accountant of its country expects (REFERENCE section 3).
import { builtInTemplateIds, type BuiltInTemplateId, type DocumentLanguage, type DocumentModel } from '../../../contracts/templates.js';
import { cell, para, run, text, type Block, type Cell, type DocumentLayout } from './templates.blocks.js';
import {
  contractRef,
  countAndWords,
  ctxOf,
  exemptLine,
  heading,
  labelled,
  linesTable,
  logo,
  managerLine,
  netPrice,
  noVat,
  notes,
  ourSignatures,
  partyLine,
  partyParas,
  paymentDetails,
  ruBankBlock,
  title,
  totalsBulgarian,
  totalsWithVat,
  wordsLine,
  type Ctx,
} from './templates.parts.js';

type BuiltIn = { id: BuiltInTemplateId; language: DocumentLanguage; layout: (c: Ctx) => DocumentLayout };

function withBasis(c: Ctx, rows: [string, string][]): [string, string][] {
  const basis = contractRef(c);
  return basis ? [...rows, [c.t('party.basis'), basis]] : rows;
}

/** Счёт на оплату: bank block, title, supplier and buyer, basis, lines, VAT, count and words, signatures. */
function ruInvoice(c: Ctx): DocumentLayout {
  const t = c.t('title.invoice', { number: c.number, date: c.date(c.m.date) });
  return {
    title: t,
    blocks: [
      ...logo(c),
      ruBankBlock(c),
      title(t),
      { type: 'rule' },
      labelled(
        withBasis(c, [
          [c.t('party.supplier'), partyLine(c, c.m.entity)],
          [c.t('party.buyer'), partyLine(c, c.m.client)],
        ]),
      ),
      linesTable(c, ['no', 'goods', 'qty', 'unit', 'price', 'discount', 'shown']),
      totalsWithVat(c),
      ...exemptLine(c),
      ...countAndWords(c),
      ...(c.m.dueDate ? [text(c.t('payBy', { date: c.date(c.m.dueDate) }))] : []),
      ...notes(c),
      { type: 'rule' },
      ourSignatures(c, ['director', 'accountant']),
    ],
  };
}

/** Акт об оказании услуг: both parties, the services, totals, «Всего оказано услуг», both signatures. */
function ruAct(c: Ctx): DocumentLayout {
  const t = c.t('title.act', { number: c.number, date: c.date(c.m.date) });
  const e = c.m.entity;
  return {
    title: t,
    blocks: [
      ...logo(c),
      title(t),
      { type: 'rule' },
      labelled(
        withBasis(c, [
          [c.t('party.contractor'), partyLine(c, e)],
          [c.t('party.customer'), partyLine(c, c.m.client)],
        ]),
      ),
      linesTable(c, ['no', 'item', 'qty', 'unit', 'price', 'discount', 'shown']),
      totalsWithVat(c, c.t('totals.total')),
      ...exemptLine(c),
      ...countAndWords(c, 'servicesCount'),
      text(c.t('act.statement'), { spaceBefore: 4, spaceAfter: 6 }),
      { type: 'rule' },
      bothSides(c, 'contractor', 'customer'),
    ],
  };
}

/** OKEI codes of the units people write on Russian documents (the УПД prints the code beside the unit). */
const OKEI: Record<string, string> = {
  шт: '796',
  кг: '166',
  г: '163',
  т: '168',
  м: '006',
  м2: '055',
  'м²': '055',
  м3: '113',
  'м³': '113',
  л: '112',
  ч: '356',
  час: '356',
  компл: '839',
  комплект: '839',
  упак: '778',
  'усл. ед': '876',
  'пог. м': '018',
  сут: '359',
  мес: '362',
};
const okeiOf = (unit: string | null) => (unit ? OKEI[unit.trim().toLowerCase().replace(/\.$/, '')] : undefined);

/**
 * УПД with status 1 (счёт-фактура и передаточный документ, ФНС ММВ-20-3/96@ over the счёт-фактура
 * of Постановление № 1137): the status box, the lines (1)-(8) of the счёт-фактура, the table with
 * its column codes and «Всего к оплате», the signatures of the head and the chief accountant, and
 * the transfer part [8]-[19] of both sides. Landscape, as the form is.
 */
function ruUpd(c: Ctx): DocumentLayout {
  const e = c.m.entity;
  const cl = c.m.client;
  const u = (key: string, params?: Record<string, unknown>) => c.t(`upd.${key}`, params);
  const dash = u('none');
  const innKpp = (p: { inn: string | null; kpp: string | null }) => [p.inn, p.kpp].filter(Boolean).join('/') || dash;
  const code = (s: string) => cell(s, { size: 6, align: 'right' });
  const line = (label: string, value: string | null, n: string): Cell[] => [
    cell(`${label}:`),
    cell(value || dash, { bold: true }),
    code(`(${n})`),
  ];
  const invoiceTitle = u('invoice', { number: c.number, date: c.date(c.m.date) });
  const consignee = [cl.name, cl.address].filter(Boolean).join(', ');
  const headRows: Cell[][] = [
    [cell(invoiceTitle, { colSpan: 2, bold: true, size: 9 }), code('(1)')],
    [cell(u('correction'), { colSpan: 2 }), code('(1а)')],
    line(u('seller'), e.name, '2'),
    line(u('address'), e.address, '2а'),
    line(u('sellerInnKpp'), innKpp(e), '2б'),
    line(u('shipper'), u('shipperSame'), '3'),
    line(u('consignee'), consignee, '4'),
    [cell(u('payment'), { colSpan: 2 }), code('(5)')],
    line(u('shipment'), u('shipmentRef', { count: c.m.totals.count, number: c.number, date: c.date(c.m.date) }), '5а'),
    line(u('buyer'), cl.name, '6'),
    line(u('address'), cl.address, '6а'),
    line(u('buyerInnKpp'), innKpp(cl), '6б'),
    line(u('currency'), u(`currencyName.${c.m.currency}`), '7'),
    line(u('contractId'), null, '8'),
  ];
  const status = cell(
    [
      para(u('docName'), { bold: true }),
      para(''),
      para(u('status', { status: '1' }), { bold: true }),
      para(''),
      para(u('statusNote'), { size: 6 }),
    ],
    { rowSpan: headRows.length },
  );
  headRows[0].unshift(status);

  const exempt = noVat(c);
  const columns = ['colNo', 'colCode', 'colName', 'colKind', 'colUnitCode', 'colUnitName', 'colQty', 'colPrice', 'colNet', 'colExcise'];
  columns.push('colRate', 'colVat', 'colGross', 'colCountryCode', 'colCountryName', 'colDeclaration');
  const codes = ['А', 'Б', '1', '1а', '2', '2а', '3', '4', '5', '6', '7', '8', '9', '10', '10а', '11'];
  const t = c.m.totals;
  const lines: Block = {
    type: 'table',
    widths: [3, 4.5, 19, 4, 4, 5, 5.5, 7, 8, 5, 5, 7, 8, 4.5, 5, 7.5],
    headerRows: 2,
    borders: 'grid',
    size: 6.5,
    rows: [
      columns.map((k) => cell(u(k), { align: 'center', fill: '#eeeeee', size: 5.5 })),
      codes.map((k) => cell(k, { align: 'center' })),
      ...c.m.lines.map((l) => [
        cell(String(l.position), { align: 'center' }),
        cell(dash, { align: 'center' }),
        cell(l.name),
        cell(dash, { align: 'center' }),
        cell(okeiOf(l.unit) ?? dash, { align: 'center' }),
        cell(l.unit ?? dash, { align: 'center' }),
        cell(c.num(l.quantity), { align: 'right' }),
        cell(c.money(netPrice(c, l)), { align: 'right' }),
        cell(c.money(l.subtotal), { align: 'right' }),
        cell(u('noExcise'), { align: 'center' }),
        cell(exempt ? u('noVat') : `${c.num(l.vatRate)}%`, { align: 'center' }),
        cell(exempt ? u('noVat') : c.money(l.vatAmount), { align: 'right' }),
        cell(c.money(l.total), { align: 'right' }),
        cell(dash, { align: 'center' }),
        cell(dash, { align: 'center' }),
        cell(dash, { align: 'center' }),
      ]),
      [
        cell(u('totalDue'), { colSpan: 8, bold: true }),
        cell(c.money(t.subtotal), { align: 'right', bold: true }),
        cell('X', { colSpan: 2, align: 'center' }),
        cell(exempt ? u('noVat') : c.money(t.vatTotal), { align: 'right', bold: true }),
        cell(c.money(t.total), { align: 'right', bold: true }),
        cell('', { colSpan: 3 }),
      ],
    ],
    spaceAfter: 4,
  };

  const side = (label: string, value: string, n: string): Cell =>
    cell([para(`${label} [${n}]:`, { size: 6 }), para(value || dash, { bold: true })]);
  const signer = (name: string | null) => `________________ / ${name ?? '________________'} /`;
  const signHint = `${u('position')} / ${u('signature')} / ${u('fullName')}`;
  const basis = contractRef(c) ?? dash;
  const transfer: Block = {
    type: 'table',
    widths: [50, 50],
    borders: 'none',
    size: 7,
    rows: [
      [cell([para(`${u('basis')} [8]:`, { size: 6 }), para(basis, { bold: true })], { colSpan: 2 })],
      [cell([para(`${u('transport')} [9]:`, { size: 6 }), para(dash, { bold: true })], { colSpan: 2 })],
      [
        cell([para(`${u('handedOver')} [10]:`, { size: 6 }), para(signer(e.director)), para(signHint, { size: 6 })]),
        cell([para(`${u('received')} [15]:`, { size: 6 }), para(signer(cl.contactName)), para(signHint, { size: 6 })]),
      ],
      [side(u('shippedOn'), c.date(c.m.supplyDate ?? c.m.date), '11'), side(u('receivedOn'), u('blankDate'), '16')],
      [side(u('otherShipped'), dash, '12'), side(u('otherReceived'), dash, '17')],
      [side(u('responsible'), signer(e.accountant ?? e.director), '13'), side(u('responsible'), signer(null), '18')],
      [
        side(u('composer'), `${e.name}, ${c.t('req.inn')}/${c.t('req.kpp')} ${innKpp(e)}`, '14'),
        side(u('composer'), `${cl.name || dash}, ${c.t('req.inn')}/${c.t('req.kpp')} ${innKpp(cl)}`, '19'),
      ],
      [cell(u('seal')), cell(u('seal'))],
    ],
    spaceAfter: 4,
  };
  return {
    title: `${c.t('title.upd')} № ${c.number}`,
    landscape: true,
    blocks: [
      { type: 'table', widths: [16, 30, 50, 4], borders: 'none', size: 7, rows: headRows, spaceAfter: 3 },
      lines,
      ...exemptLine(c),
      {
        type: 'table',
        widths: [20, 13, 17, 20, 13, 17],
        borders: 'none',
        size: 8,
        rows: [
          [
            cell(u('head'), { bold: true }),
            cell('________________'),
            cell(`/ ${e.director ?? '________________'} /`),
            cell(u('chief'), { bold: true }),
            cell('________________'),
            cell(`/ ${e.accountant ?? '________________'} /`),
          ],
        ],
        spaceAfter: 4,
      },
      { type: 'rule' },
      transfer,
    ],
  };
}

/** Two columns: our side (name, signature line with the director) and the client's. */
function bothSides(c: Ctx, ours: 'contractor' | 'supplier', theirs: 'customer' | 'buyer', withRequisites = false): Block {
  const e = c.m.entity;
  const signLine = (name: string | null) => para(`________________ / ${name ?? '________________'} /`);
  const side = (label: string, paras: ReturnType<typeof partyParas>, signer: string | null) =>
    cell([para(label.toUpperCase(), { bold: true }), ...paras, para(''), signLine(signer), para(c.t('sign.seal'), { size: 7 })]);
  return {
    type: 'table',
    widths: [50, 50],
    borders: 'none',
    rows: [
      [
        side(c.t(`party.${ours}`), withRequisites ? partyParas(c, e, { bank: true }) : [para(e.name)], e.director),
        side(c.t(`party.${theirs}`), withRequisites ? partyParas(c, c.m.client, { bank: true }) : [para(c.m.client.name)], null),
      ],
    ],
    spaceAfter: 6,
  };
}

/** Коммерческое предложение: our letterhead, to whom, the offer, totals and words, validity, manager. */
function quote(c: Ctx, titleKey: 'title.quote' | 'title.offer' | 'title.enQuote'): DocumentLayout {
  const e = c.m.entity;
  const dated = titleKey === 'title.quote';
  const t = dated ? c.t(titleKey, { number: c.number, date: c.date(c.m.date) }) : c.t(titleKey);
  const header: Block[] = dated
    ? [title(t)]
    : [
        title(t, 'center'),
        text(`${c.t('number')}: ${c.number}    ${c.t('issueDate')}: ${c.date(c.m.date)}`, { align: 'center', spaceAfter: 6 }),
      ];
  return {
    title: t,
    blocks: [
      ...logo(c),
      text(partyLine(c, e), { size: 8, spaceAfter: 6 }),
      ...header,
      { type: 'rule' },
      labelled([
        [c.t('party.from'), e.name],
        [c.t('party.to'), [c.m.client.name, c.m.client.contactName].filter(Boolean).join(', ')],
      ]),
      text(c.t('quote.intro'), { spaceAfter: 6 }),
      linesTable(
        c,
        c.m.language === 'ru'
          ? ['no', 'item', 'qty', 'unit', 'price', 'discount', 'shown']
          : ['no', 'item', 'qty', 'unit', 'price', 'discount', 'vatRate', 'shown'],
      ),
      totalsWithVat(c, c.t('totals.total')),
      ...exemptLine(c),
      ...(c.m.language === 'ru' ? countAndWords(c) : [wordsLine(c)]),
      ...(c.m.dueDate ? [text(c.t('validUntil', { date: c.date(c.m.dueDate) }), { bold: true })] : []),
      ...managerLine(c),
      ...notes(c),
      ourSignatures(c, ['director']),
    ],
  };
}

/** Договор поставки: preamble, subject with the specification, price and payment, delivery, terms, requisites. */
function ruContract(c: Ctx): DocumentLayout {
  const e = c.m.entity;
  const t = c.t('title.contract', { number: c.m.contract?.number ?? c.number });
  const day = c.m.contract?.date ?? c.m.date;
  const vatPart = noVat(c) ? c.t('contract.noVat') : c.t('contract.vatIncluded', { amount: c.money(c.m.totals.vatTotal), currency: c.cur });
  const p = (s: string): Block => text(s, { align: 'left', spaceAfter: 4 });
  return {
    title: t,
    blocks: [
      title(t, 'center'),
      text(c.t('contract.date', { date: c.date(day) }), { align: 'right', spaceAfter: 8 }),
      p(c.t('contract.preamble', { supplier: e.name, director: e.director ?? '________________', buyer: c.m.client.name })),
      heading(c.t('contract.s1')),
      p(c.t('contract.s1p1')),
      text(c.t('contract.specification'), { bold: true, spaceAfter: 3 }),
      linesTable(c, ['no', 'goods', 'qty', 'unit', 'price', 'discount', 'shown']),
      totalsWithVat(c, c.t('totals.total')),
      heading(c.t('contract.s2')),
      p(c.t('contract.s2p1', { amount: c.money(c.m.totals.total), currency: c.cur, words: c.m.amountInWords, vat: vatPart })),
      p(c.m.dueDate ? c.t('contract.s2p2', { date: c.date(c.m.dueDate) }) : c.t('contract.s2p2NoDate')),
      ...exemptLine(c),
      heading(c.t('contract.s3')),
      p(c.t('contract.s3p1')),
      heading(c.t('contract.s4')),
      p(c.t('contract.s4p1')),
      heading(c.t('contract.s5')),
      p(c.t('contract.s5p1')),
      heading(c.t('contract.s6')),
      bothSides(c, 'supplier', 'buyer', true),
    ],
  };
}

/**
 * Фактура (ЗДДС art. 114) and its proforma and credit note: 10-digit number, dates of issue and of
 * the taxable event, recipient and supplier side by side, prices without VAT, the taxable base and
 * VAT per rate, the legal basis when no VAT is charged, the amount in words, payment.
 */
function bgInvoice(c: Ctx, kind: 'invoice' | 'proforma' | 'creditNote'): DocumentLayout {
  const e = c.m.entity;
  const key = kind === 'invoice' ? 'title.bgInvoice' : kind === 'proforma' ? 'title.proforma' : 'title.creditNote';
  const t = c.t(key);
  const meta: Block[] = [
    text(`№ ${c.number}`, { align: 'center', bold: true, size: 11 }),
    ...(kind === 'invoice' ? [text(c.t('original'), { align: 'center', spaceAfter: 4 })] : []),
  ];
  const corr = c.m.correction;
  const refs: Block[] =
    kind === 'creditNote' && corr
      ? [
          text(c.t('creditNoteRef', { number: corr.invoiceNumber ?? '—', date: corr.invoiceDate ? c.date(corr.invoiceDate) : '—' }), {
            align: 'center',
            bold: true,
          }),
          ...(corr.reason ? [text([run(`${c.t('reason')}: `, { bold: true }), run(corr.reason)], { align: 'center', spaceAfter: 4 })] : []),
        ]
      : [];
  const dates: [string, string][] = [[c.t('issueDate'), c.date(c.m.date)]];
  if (kind !== 'proforma') dates.push([c.t('supplyDate'), c.date(c.m.supplyDate ?? c.m.date)]);
  const basis = contractRef(c);
  return {
    title: `${t} № ${c.number}`,
    blocks: [
      ...logo(c),
      title(t, 'center'),
      ...meta,
      ...refs,
      {
        type: 'table',
        widths: [30, 70],
        borders: 'none',
        rows: dates.map(([l, v]) => [cell(`${l}:`), cell(v, { bold: true })]),
        spaceAfter: 6,
      },
      {
        type: 'table',
        widths: [50, 50],
        borders: 'grid',
        rows: [
          [cell(c.t('party.recipient'), { bold: true, fill: '#eeeeee' }), cell(c.t('party.supplier'), { bold: true, fill: '#eeeeee' })],
          [cell(partyParas(c, c.m.client, { responsible: c.m.client.contactName })), cell(partyParas(c, e, { responsible: e.director }))],
        ],
        spaceAfter: 6,
      },
      ...(basis ? [text(`${c.t('party.basis')}: ${basis}`)] : []),
      linesTable(c, ['no', 'goods', 'unit', 'qty', 'netPrice', 'discount', 'net']),
      totalsBulgarian(c, kind === 'creditNote' ? c.t('totals.creditTotal') : c.t('totals.totalDue')),
      ...exemptLine(c),
      wordsLine(c),
      paymentDetails(c),
      ...(kind === 'proforma' ? [text(c.t('proformaNote'), { bold: true })] : []),
      ...notes(c),
      {
        type: 'signatures',
        items: [
          { label: c.t('sign.receivedBy'), name: c.m.client.contactName, image: null },
          { label: c.t('sign.preparedBy'), name: c.m.manager?.name ?? e.accountant ?? e.director, image: null },
        ],
        stamp: null,
      },
    ],
  };
}

/** English invoice: number and dates, from and bill to, lines with VAT, subtotal, VAT, total, payment details. */
function enInvoice(c: Ctx): DocumentLayout {
  const e = c.m.entity;
  const t = c.t('title.enInvoice');
  const dates: [string, string][] = [
    [c.t('number'), c.number],
    [c.t('issueDate'), c.date(c.m.date)],
  ];
  if (c.m.supplyDate) dates.push([c.t('supplyDate'), c.date(c.m.supplyDate)]);
  if (c.m.dueDate) dates.push([c.t('dueDate'), c.date(c.m.dueDate)]);
  const basis = contractRef(c);
  return {
    title: `${t} ${c.number}`,
    blocks: [
      ...logo(c),
      title(t),
      {
        type: 'table',
        widths: [25, 75],
        borders: 'none',
        rows: dates.map(([l, v]) => [cell(`${l}:`), cell(v, { bold: true })]),
        spaceAfter: 6,
      },
      {
        type: 'table',
        widths: [50, 50],
        borders: 'none',
        rows: [
          [cell(c.t('party.from'), { bold: true }), cell(c.t('party.billTo'), { bold: true })],
          [cell(partyParas(c, e)), cell(partyParas(c, c.m.client))],
        ],
        spaceAfter: 6,
      },
      ...(basis ? [text(`${c.t('party.basis')}: ${basis}`)] : []),
      linesTable(c, ['no', 'item', 'qty', 'unit', 'price', 'discount', 'vatRate', 'shown']),
      totalsWithVat(c),
      ...exemptLine(c),
      wordsLine(c),
      heading(c.t('payment.details')),
      paymentDetails(c),
      ...notes(c),
      ourSignatures(c, ['director']),
    ],
  };
}

const builtIns: BuiltIn[] = [
  { id: 'ru-invoice', language: 'ru', layout: ruInvoice },
  { id: 'ru-contract', language: 'ru', layout: ruContract },
  { id: 'ru-quote', language: 'ru', layout: (c) => quote(c, 'title.quote') },
  { id: 'ru-act', language: 'ru', layout: ruAct },
  { id: 'ru-upd', language: 'ru', layout: ruUpd },
  { id: 'bg-invoice', language: 'bg', layout: (c) => bgInvoice(c, 'invoice') },
  { id: 'bg-proforma', language: 'bg', layout: (c) => bgInvoice(c, 'proforma') },
  { id: 'bg-credit-note', language: 'bg', layout: (c) => bgInvoice(c, 'creditNote') },
  { id: 'bg-offer', language: 'bg', layout: (c) => quote(c, 'title.offer') },
  { id: 'en-invoice', language: 'en', layout: enInvoice },
  { id: 'en-quote', language: 'en', layout: (c) => quote(c, 'title.enQuote') },
];
const byId = new Map(builtIns.map((b) => [b.id, b]));

export const isBuiltIn = (id: string): id is BuiltInTemplateId => (builtInTemplateIds as readonly string[]).includes(id);

/** The language a built-in is written in (its labels, dates, amount in words). */
export function builtInLanguage(id: BuiltInTemplateId): DocumentLanguage {
  return byId.get(id)!.language;
}

/** The layout of a built-in for a model (rendered to PDF or DOCX by templates.pdf.ts / .docx.ts). */
export function builtInLayout(id: BuiltInTemplateId, model: DocumentModel): DocumentLayout {
  return byId.get(id)!.layout(ctxOf(model));
}
