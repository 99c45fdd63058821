import type { Deal, DealListItem } from '../../../contracts/deals.js';
import type { Currency } from '../../../contracts/products.js';
import { linkedRecord, optionalLink } from '../../../contracts/records.js';
import { plain, weighted } from './deals.money.js';
import type * as repo from './deals.repository.js';

// Rows -> API objects, shared by the reads, the writes and the board.

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const pct = (v: string) => plain(v);

export function flags(r: { no_next_step: boolean; rotting: boolean; overdue_next_step: boolean }) {
  return { noNextStep: r.no_next_step, rotting: r.rotting, overdueNextStep: r.overdue_next_step };
}
export const nextStep = (r: { next_step_text: string | null; next_step_due_at: Date | null }) =>
  r.next_step_text && r.next_step_due_at ? { text: r.next_step_text, dueAt: r.next_step_due_at.toISOString() } : null;

export function toListItem(r: repo.DealSummaryRow): DealListItem {
  return {
    id: r.id,
    title: r.title,
    companyId: r.company_id,
    companyName: r.company_name,
    company: optionalLink(r.company_id, r.company_name),
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    stageName: r.stage_name,
    status: r.status,
    amount: r.amount,
    currency: r.currency as Currency,
    probability: r.probability,
    weightedAmount: weighted(r.amount, r.probability),
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    expectedCloseDate: r.expected_close_date,
    nextStep: nextStep(r),
    wonAmount: r.won_amount,
    wonDate: r.won_date,
    closedAt: iso(r.closed_at),
    stageEnteredAt: r.stage_entered_at.toISOString(),
    flags: flags(r),
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: iso(r.deleted_at),
  };
}

export function toDeal(r: repo.DealRow, contacts: repo.DealContactRow[], lines: repo.DealLineRow[]): Deal {
  return {
    ...toListItem(r),
    contacts: contacts.map((c) => {
      const { name, hidden } = linkedRecord(c.contact_id, c.name);
      return { contactId: c.contact_id, name, hidden, role: c.role, isDecisionMaker: c.is_decision_maker };
    }),
    contactIds: contacts.map((c) => c.contact_id),
    probabilityOverridden: r.probability_overridden,
    source: r.source,
    expectedPaymentDate: r.expected_payment_date,
    pricesIncludeVat: r.prices_include_vat,
    lines: lines.map((l) => ({
      id: l.id,
      productId: l.product_id,
      name: l.name,
      unit: l.unit,
      quantity: plain(l.quantity),
      unitPrice: l.unit_price,
      discountPercent: pct(l.discount_percent),
      vatRate: pct(l.vat_rate),
      subtotal: l.subtotal,
      vatAmount: l.vat_amount,
      total: l.total,
    })),
    subtotal: r.subtotal,
    vatTotal: r.vat_total,
    total: r.total,
    qualification: r.qualification ?? {},
    proposals: r.proposals ?? [],
    contract: r.contract,
    contractId: r.contract_id,
    paymentSchedule: r.payment_schedule ?? [],
    fulfilmentNotes: r.fulfilment_notes,
    lostReasonId: r.lost_reason_id,
    lostReasonName: r.lost_reason_name,
    lostComment: r.lost_comment,
  };
}
