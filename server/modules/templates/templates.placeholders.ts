// The company's own DOCX templates, filled with docxtemplater and logic-less: a tag is one of the
// documented names below, looked up as own properties of plain data, never an expression (no
// angular parser, nothing evaluated, no raw XML). Loops repeat over the lines and the VAT rates;
// `{#tag}…{/tag}` over a value is a condition (shown when the value is not empty) and `{^tag}` its
// inverse. Every tag is checked at upload and again at render, and a bad one is a 422 naming it.
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import type { RuleCode } from '../../../contracts/i18n/index.js';
import { translate, type Lang } from '../../../contracts/i18n/index.js';
import type { DocumentModel } from '../../../contracts/templates.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { TemplateErrors } from './templates.errors.js';
import { formatDate, formatMoney, formatNumber } from './templates.format.js';

type Placeholder = { tag: string; type: 'value' | 'loop'; loop: string | null; key: string; example: string };

const v = (tag: string, key: string, example: string, loop: string | null = null): Placeholder => ({
  tag,
  type: 'value',
  loop,
  key,
  example,
});
const party = (p: 'entity' | 'client', ex: { name: string; inn: string; eik: string; address: string }): Placeholder[] => {
  const cap = p === 'entity' ? 'entity' : 'client';
  return [
    v(`${p}.name`, `${cap}Name`, ex.name),
    v(`${p}.inn`, `${cap}Inn`, ex.inn),
    v(`${p}.kpp`, `${cap}Kpp`, '773601001'),
    v(`${p}.ogrn`, `${cap}Ogrn`, '1027700132195'),
    v(`${p}.eik`, `${cap}Eik`, ex.eik),
    v(`${p}.vatNumber`, `${cap}VatNumber`, `BG${ex.eik}`),
    v(`${p}.address`, `${cap}Address`, ex.address),
    v(`${p}.bankName`, `${cap}BankName`, 'ПАО Сбербанк'),
    v(`${p}.bik`, `${cap}Bik`, '044525225'),
    v(`${p}.settlementAccount`, `${cap}SettlementAccount`, '40702810938120061991'),
    v(`${p}.correspondentAccount`, `${cap}CorrespondentAccount`, '30101810400000000225'),
    v(`${p}.iban`, `${cap}Iban`, 'BG80BNBG96611020345678'),
    v(`${p}.bic`, `${cap}Bic`, 'UNCRBGSF'),
  ];
};

/** Every placeholder an uploaded template may use (also served by GET /templates/placeholders). */
export const PLACEHOLDERS: Placeholder[] = [
  v('number', 'number', '12'),
  v('date', 'date', '1 декабря 2026 г.'),
  v('dueDate', 'dueDate', '15 декабря 2026 г.'),
  v('supplyDate', 'supplyDate', '01.12.2026 г.'),
  v('currency', 'currency', 'RUB'),
  ...party('entity', { name: 'ООО «Орбита»', inn: '7707083893', eik: '175074752', address: '117997, г. Москва, ул. Вавилова, д. 19' }),
  v('entity.director', 'entityDirector', 'Иванов И. И.'),
  v('entity.accountant', 'entityAccountant', 'Петрова А. С.'),
  ...party('client', { name: 'ООО «Ромашка»', inn: '7736050003', eik: '131272009', address: 'г. Москва, ул. Ленина, д. 1' }),
  v('client.contactName', 'clientContactName', 'Сидоров П. П.'),
  v('deal.title', 'dealTitle', 'Поставка насосов'),
  v('contract.number', 'contractNumber', '15-П'),
  v('contract.date', 'contractDate', '20 ноября 2026 г.'),
  v('manager.name', 'managerName', 'Анна Смирнова'),
  v('manager.email', 'managerEmail', 'a.smirnova@example.com'),
  v('manager.phone', 'managerPhone', '+7 495 123-45-67'),
  {
    tag: 'lines',
    type: 'loop',
    loop: null,
    key: 'lines',
    example: '{#lines}{position}. {name} — {quantity} {unit} × {price} = {total}{/lines}',
  },
  v('position', 'linePosition', '1', 'lines'),
  v('name', 'lineName', 'Насос ЦНС 38-44', 'lines'),
  v('quantity', 'lineQuantity', '2', 'lines'),
  v('unit', 'lineUnit', 'шт', 'lines'),
  v('price', 'linePrice', '1 500,00', 'lines'),
  v('discountPercent', 'lineDiscountPercent', '10', 'lines'),
  v('vatRate', 'lineVatRate', '22', 'lines'),
  v('subtotal', 'lineSubtotal', '3 000,00', 'lines'),
  v('vatAmount', 'lineVatAmount', '660,00', 'lines'),
  v('total', 'lineTotal', '3 660,00', 'lines'),
  v('totals.count', 'totalsCount', '2'),
  v('totals.subtotal', 'totalsSubtotal', '4 111,10'),
  v('totals.vatTotal', 'totalsVatTotal', '904,44'),
  v('totals.total', 'totalsTotal', '5 015,54'),
  v('vatText', 'vatText', 'В том числе НДС 22 %: 904,44'),
  { tag: 'vat', type: 'loop', loop: null, key: 'vat', example: '{#vat}НДС {rate} %: {amount}{/vat}' },
  v('rate', 'vatRate', '22', 'vat'),
  v('base', 'vatBase', '4 111,10', 'vat'),
  v('amount', 'vatAmount', '904,44', 'vat'),
  v('amountInWords', 'amountInWords', 'Пять тысяч пятнадцать рублей 54 копейки'),
  v('notes', 'notes', 'Доставка за счёт поставщика'),
];

const rootTags = new Set(PLACEHOLDERS.filter((p) => !p.loop && p.type === 'value').map((p) => p.tag));
const loopTags = new Map(
  PLACEHOLDERS.filter((p) => p.type === 'loop').map((p) => [
    p.tag,
    new Set(PLACEHOLDERS.filter((q) => q.loop === p.tag).map((q) => q.tag)),
  ]),
);

/** The list with descriptions in the caller's language. */
export function placeholderList(lang: Lang) {
  return PLACEHOLDERS.map((p) => ({
    tag: p.tag,
    type: p.type,
    loop: p.loop,
    description: translate(lang, `templates.ph.${p.key}`),
    example: p.example,
  }));
}

/** The data a template is filled with: the model's values as printed in its language. */
export function placeholderData(m: DocumentModel): Record<string, unknown> {
  const lang = m.language;
  const money = (x: string) => formatMoney(x, lang);
  const num = (x: string) => formatNumber(x, lang);
  const date = (d: string | null | undefined) => (d ? formatDate(d, lang) : '');
  const t = (key: string, params: Record<string, unknown> = {}) => translate(lang, `templates.doc.${key}`, params);
  const partyData = (p: DocumentModel['client'] | DocumentModel['entity']) => ({
    name: p.name,
    inn: p.inn,
    kpp: p.kpp,
    ogrn: p.ogrn,
    eik: p.eik,
    vatNumber: p.vatNumber,
    address: p.address,
    bankName: p.bankName,
    bik: p.bik,
    settlementAccount: p.settlementAccount,
    correspondentAccount: p.correspondentAccount,
    iban: p.iban,
    bic: p.bic,
  });
  const vatText = !m.entity.vatPayer
    ? t('totals.noVat')
    : m.totals.vat
        .map((x) => `${t(m.pricesIncludeVat ? 'totals.vatIncluded' : 'totals.vatOnTop', { rate: num(x.rate) })}: ${money(x.amount)}`)
        .join('; ');
  return {
    number: m.number ?? '',
    date: date(m.date),
    dueDate: date(m.dueDate),
    supplyDate: date(m.supplyDate),
    currency: m.currency,
    entity: { ...partyData(m.entity), director: m.entity.director, accountant: m.entity.accountant },
    client: { ...partyData(m.client), contactName: m.client.contactName },
    deal: { title: m.deal?.title ?? '' },
    contract: { number: m.contract?.number ?? '', date: date(m.contract?.date) },
    manager: { name: m.manager?.name ?? '', email: m.manager?.email ?? '', phone: m.manager?.phone ?? '' },
    lines: m.lines.map((l) => ({
      position: String(l.position),
      name: l.name,
      quantity: num(l.quantity),
      unit: l.unit ?? '',
      price: money(l.price),
      discountPercent: num(l.discountPercent),
      vatRate: num(l.vatRate),
      subtotal: money(l.subtotal),
      vatAmount: money(l.vatAmount),
      total: money(l.total),
    })),
    totals: {
      count: String(m.totals.count),
      subtotal: money(m.totals.subtotal),
      vatTotal: money(m.totals.vatTotal),
      total: money(m.totals.total),
    },
    vatText,
    vat: m.totals.vat.map((x) => ({ rate: num(x.rate), base: money(x.base), amount: money(x.amount) })),
    amountInWords: m.amountInWords,
    notes: m.notes ?? '',
  };
}

/**
 * Looks a tag up as a path of own properties in one scope (docxtemplater tries the enclosing
 * scopes in turn when this returns undefined). Nothing is evaluated: `{a+b}` is just a name that
 * does not exist, and validation has refused it before render.
 */
function lookup(tag: string) {
  const path = tag.trim().split('.');
  return {
    get(scope: unknown): unknown {
      let node = scope;
      for (const key of path) {
        if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
        node = (node as Record<string, unknown>)[key];
      }
      return typeof node === 'function' ? undefined : node;
    },
  };
}

/** Largest total of unpacked parts: a zip bomb is refused before it is inflated. */
const MAX_UNPACKED = 64 * 1024 * 1024;

type Part = { type: string; value?: string; module?: string; inverted?: boolean; subparsed?: Part[] };
type Compiled = { compiled: Record<string, { postparsed: Part[] }> };

type Issue = { code: RuleCode; params: Record<string, unknown> };

function notDocx(): never {
  throw PlatformErrors.VALIDATION({ fields: [{ path: 'file', code: 'templates.rules.notDocx' }] });
}

/** Maps docxtemplater's compile errors (unclosed loop, unopened tag, …) to our rule codes. */
function syntaxIssues(e: unknown): Issue[] {
  const props = (e as { properties?: { errors?: unknown[]; id?: string } }).properties;
  const list = props?.errors ?? (props?.id ? [e] : []);
  if (!list.length) return [];
  return list.map((x) => {
    const p = (x as { properties?: Record<string, string> }).properties ?? {};
    const tag = p.xtag ?? p.openingtag ?? '';
    switch (p.id) {
      case 'unclosed_loop':
        return { code: 'templates.rules.unclosedLoop', params: { tag } };
      case 'unopened_loop':
        return { code: 'templates.rules.unopenedLoop', params: { tag } };
      case 'closing_tag_does_not_match_opening_tag':
        return { code: 'templates.rules.mismatchedLoop', params: { tag: p.openingtag ?? '', other: p.closingtag ?? '' } };
      case 'unclosed_tag':
      case 'duplicate_open_tag':
        return { code: 'templates.rules.unclosedTag', params: { tag } };
      case 'unopened_tag':
      case 'duplicate_close_tag':
        return { code: 'templates.rules.unopenedTag', params: { tag } };
      default:
        return { code: 'templates.rules.badTag', params: { tag } };
    }
  });
}

/** Checks every tag of every part against the documented names, with the loops' own fields inside them. */
function tagIssues(doc: Compiled): { issues: Issue[]; tags: Set<string> } {
  const issues: Issue[] = [];
  const tags = new Set<string>();
  const walk = (parts: Part[], loops: string[]) => {
    for (const part of parts) {
      if (part.type !== 'placeholder') continue;
      const tag = (part.value ?? '').trim();
      tags.add(tag);
      const known = rootTags.has(tag) || loops.some((l) => loopTags.get(l)!.has(tag));
      if (part.module === 'rawxml') {
        issues.push({ code: 'templates.rules.rawNotAllowed', params: { tag } });
      } else if (part.module === 'loop') {
        if (loopTags.has(tag)) walk(part.subparsed ?? [], [...loops, tag]);
        else if (known) walk(part.subparsed ?? [], loops);
        else issues.push({ code: 'templates.rules.unknownTag', params: { tag: `{#${tag}}` } });
      } else if (part.module) {
        issues.push({ code: 'templates.rules.badTag', params: { tag } });
      } else if (loopTags.has(tag) && !known) {
        issues.push({ code: 'templates.rules.loopAsValue', params: { tag } });
      } else if (!known) {
        issues.push({ code: 'templates.rules.unknownTag', params: { tag: `{${tag}}` } });
      }
    }
  };
  for (const file of Object.values(doc.compiled)) walk(file.postparsed, []);
  return { issues, tags };
}

function fail(issues: Issue[]): never {
  const seen = new Set<string>();
  const fields: FieldIssue[] = [];
  for (const i of issues) {
    const key = `${i.code}|${JSON.stringify(i.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fields.push({ path: 'file', code: i.code, params: i.params });
  }
  const tags = [...new Set(fields.map((f) => String(f.params?.tag ?? '')))].filter(Boolean).join(', ');
  throw TemplateErrors.TEMPLATE_INVALID({ fields: fields.slice(0, 50), params: { tags } });
}

/** Opens and compiles a template; a file that is not a .docx, a syntax error or an unknown tag is a 422. */
function compile(bytes: Buffer): { doc: Docxtemplater; tags: string[] } {
  let zip: PizZip;
  try {
    zip = new PizZip(bytes);
  } catch {
    notDocx();
  }
  const files = Object.values(zip.files) as unknown as { _data?: { uncompressedSize?: number } }[];
  const unpacked = files.reduce((n, f) => n + (f._data?.uncompressedSize ?? 0), 0);
  if (!zip.file('word/document.xml') || unpacked > MAX_UNPACKED) notDocx();
  let doc: Docxtemplater;
  try {
    doc = new Docxtemplater(zip, {
      paragraphLoop: true,
      linebreaks: true,
      errorLogging: false,
      parser: lookup,
      // A value the record does not have prints nothing, rather than "undefined".
      nullGetter: () => '',
    });
  } catch (e) {
    const issues = syntaxIssues(e);
    if (issues.length) fail(issues);
    notDocx();
  }
  const { issues, tags } = tagIssues(doc as unknown as Compiled);
  if (issues.length) fail(issues);
  return { doc, tags: [...tags].sort() };
}

/** Validates an uploaded template; returns the tags it uses. */
export function inspectTemplate(bytes: Buffer): string[] {
  return compile(bytes).tags;
}

/** Fills a template with a document model; the result is a .docx. */
export function renderTemplate(bytes: Buffer, model: DocumentModel): Buffer {
  const { doc } = compile(bytes);
  doc.render(placeholderData(model));
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}
