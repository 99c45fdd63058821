import type { Deal } from './deals.api';
import { normalizeDecimal } from '../../lib/money';
import { fromWall, toWall } from '../../lib/zoned';

type Line = Deal['lines'][number];

export type LineValues = {
  /** Stable key for React while lines are added and removed. */
  key: string;
  productId: string | null;
  productName: string;
  unit: string | null;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
  vatRate: string;
  /** The saved line as the server computed it (absent for a new line). */
  saved: Line | null;
};

export type DealValues = {
  title: string;
  companyId: string | null;
  pipelineId: string;
  stageId: string;
  amount: string;
  currency: string;
  probabilityCustom: boolean;
  probability: number | string;
  ownerId: string | null;
  source: string;
  expectedCloseDate: string | null;
  expectedPaymentDate: string | null;
  nextStepText: string;
  nextStepDue: string | null;
  contacts: { contactId: string | null; name: string; role: string; isDecisionMaker: boolean }[];
  pricesIncludeVat: boolean;
  lines: LineValues[];
  qualification: {
    budget: string;
    contactFrequency: string;
    productsOfInterest: string[];
    season: string;
    clientCategory: string;
    lifetimeValue: string;
  };
  proposals: { sentAt: string | null; amount: string; result: string }[];
  contract: { number: string; date: string | null; terms: string };
  /** The client's contract the deal is under (its prices are the lines' defaults). */
  contractId: string | null;
  paymentSchedule: { dueDate: string | null; amount: string; paid: boolean }[];
  fulfilmentNotes: string;
};

let seq = 0;
export const lineKey = () => `l${(seq += 1)}`;

export function lineFromSaved(l: Line): LineValues {
  return {
    key: l.id,
    productId: l.productId,
    productName: l.name,
    unit: l.unit,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    discountPercent: l.discountPercent,
    vatRate: l.vatRate,
    saved: l,
  };
}

export function toValues(d: Deal, tz: string): DealValues {
  const q = d.qualification ?? {};
  return {
    title: d.title,
    companyId: d.companyId,
    pipelineId: d.pipelineId,
    stageId: d.stageId,
    amount: d.amount,
    currency: d.currency,
    probabilityCustom: d.probabilityOverridden,
    probability: d.probability,
    ownerId: d.ownerId,
    source: d.source ?? '',
    expectedCloseDate: d.expectedCloseDate,
    expectedPaymentDate: d.expectedPaymentDate,
    nextStepText: d.nextStep?.text ?? '',
    nextStepDue: toWall(d.nextStep?.dueAt, tz),
    // A hidden person keeps an empty name: the picker shows the translated "hidden record" label.
    contacts: d.contacts.map((c) => ({
      contactId: c.contactId,
      name: c.name ?? '',
      role: c.role ?? '',
      isDecisionMaker: c.isDecisionMaker,
    })),
    pricesIncludeVat: d.pricesIncludeVat,
    lines: d.lines.map(lineFromSaved),
    qualification: {
      budget: q.budget ?? '',
      contactFrequency: q.contactFrequency ?? '',
      productsOfInterest: q.productsOfInterest ?? [],
      season: q.season ?? '',
      clientCategory: q.clientCategory ?? '',
      lifetimeValue: q.lifetimeValue ?? '',
    },
    proposals: d.proposals.map((p) => ({ sentAt: p.sentAt, amount: p.amount ?? '', result: p.result ?? '' })),
    contract: { number: d.contract?.number ?? '', date: d.contract?.date ?? null, terms: d.contract?.terms ?? '' },
    contractId: d.contractId,
    paymentSchedule: d.paymentSchedule.map((p) => ({ dueDate: p.dueDate, amount: p.amount, paid: p.paid })),
    fulfilmentNotes: d.fulfilmentNotes ?? '',
  };
}

const str = (v: string) => (v.trim() === '' ? null : v.trim());
const money = (v: string) => (v.trim() === '' ? null : normalizeDecimal(v));
const day = (v: string | null) => (v ? v.slice(0, 10) : null);

/** The PATCH body for the values (the page sends only the keys that differ from the loaded deal). */
export function toBody(v: DealValues, tz: string) {
  const contractEmpty = !v.contract.number.trim() && !v.contract.date && !v.contract.terms.trim();
  return {
    title: v.title.trim(),
    companyId: v.companyId,
    pipelineId: v.pipelineId,
    stageId: v.stageId,
    amount: money(v.amount) ?? '0',
    currency: v.currency,
    probability: v.probabilityCustom && v.probability !== '' ? Number(v.probability) : null,
    ownerId: v.ownerId ?? undefined,
    source: str(v.source),
    expectedCloseDate: day(v.expectedCloseDate),
    expectedPaymentDate: day(v.expectedPaymentDate),
    nextStep: v.nextStepText.trim() || v.nextStepDue ? { text: v.nextStepText.trim(), dueAt: fromWall(v.nextStepDue, tz) ?? '' } : null,
    contacts: v.contacts
      .filter((c) => c.contactId)
      .map((c) => ({ contactId: c.contactId!, role: str(c.role), isDecisionMaker: c.isDecisionMaker })),
    pricesIncludeVat: v.pricesIncludeVat,
    lines: v.lines
      .filter((l) => l.productId)
      .map((l) => ({
        productId: l.productId!,
        quantity: normalizeDecimal(l.quantity),
        unitPrice: normalizeDecimal(l.unitPrice),
        discountPercent: normalizeDecimal(l.discountPercent) || '0',
        vatRate: normalizeDecimal(l.vatRate) || '0',
      })),
    qualification: {
      budget: money(v.qualification.budget),
      contactFrequency: str(v.qualification.contactFrequency),
      productsOfInterest: v.qualification.productsOfInterest,
      season: str(v.qualification.season),
      clientCategory: str(v.qualification.clientCategory),
      lifetimeValue: money(v.qualification.lifetimeValue),
    },
    proposals: v.proposals.map((p) => ({ sentAt: day(p.sentAt) ?? '', amount: money(p.amount), result: str(p.result) })),
    contract: contractEmpty ? null : { number: str(v.contract.number), date: day(v.contract.date), terms: str(v.contract.terms) },
    contractId: v.contractId,
    paymentSchedule: v.paymentSchedule.map((p) => ({ dueDate: day(p.dueDate) ?? '', amount: money(p.amount) ?? '', paid: p.paid })),
    fulfilmentNotes: str(v.fulfilmentNotes),
  };
}

/** API field paths -> form paths where they differ. */
export const dealFieldMap: Record<string, string> = {
  'nextStep.text': 'nextStepText',
  'nextStep.dueAt': 'nextStepDue',
  nextStep: 'nextStepText',
  contract: 'contract.number',
};
