import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { addTimelineEvent } from '../../platform/timeline.js';

export type InvoiceEventKind =
  | 'invoice_issued'
  | 'invoice_cancelled'
  | 'invoice_credited'
  | 'invoice_payment'
  | 'invoice_payment_reversed'
  | 'payment'
  | 'payment_reversed'
  | 'invoice_sent'
  | 'invoice_send_failed';

type Target = { entity: string; id: string };

/** Where an invoice's events show: its own timeline, its client's, its deal's and its contact's. */
export function invoiceTargets(inv: { id: string; company_id: string; deal_id: string | null; contact_id: string | null }): Target[] {
  const out: Target[] = [
    { entity: 'invoice', id: inv.id },
    { entity: 'company', id: inv.company_id },
  ];
  if (inv.deal_id) out.push({ entity: 'deal', id: inv.deal_id });
  if (inv.contact_id) out.push({ entity: 'contact', id: inv.contact_id });
  return out;
}

/**
 * Puts one event on each target's timeline through the platform timeline, in the caller's
 * transaction, all referring to `ref` (the invoice or the payment): a viewer who may not open it
 * sees that something happened, not what.
 */
export async function addEvents(
  db: Db,
  user: Pick<AuthUser, 'id' | 'workspaceId'>,
  targets: Target[],
  ref: { entity: 'invoice' | 'payment'; id: string },
  kind: InvoiceEventKind,
  body: string | null,
  data: Record<string, unknown>,
): Promise<void> {
  const occurredAt = new Date();
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${t.entity}:${t.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await addTimelineEvent(db, {
      workspaceId: user.workspaceId,
      entity: t.entity,
      entityId: t.id,
      kind,
      userId: user.id,
      refEntity: ref.entity,
      refId: ref.id,
      body,
      data,
      occurredAt,
    });
  }
}
