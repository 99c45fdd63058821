import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { visibleAmong } from '../../platform/registry.js';
import { ActivityFieldCodes } from './activities.errors.js';
import { addTimelineEvent, hideTimelineByRef } from '../../platform/timeline.js';
import { liveCompanyOf, type ActivityRow } from './activities.repository.js';

/**
 * Every record an activity is linked to must be one the caller can see (a hidden record is
 * "not found" everywhere). Returns the company implied by the deal or the contact, so a call to a
 * person also lands in their company's history.
 */
export async function checkLinks(
  db: Db,
  user: AuthUser,
  l: { contactId: string | null; companyId: string | null; dealId: string | null; participantContactIds: string[] },
) {
  const contactIds = [...new Set([...(l.contactId ? [l.contactId] : []), ...l.participantContactIds])];
  const [seen, companies, deals] = await Promise.all([
    liveLinks(db, user, 'contact', 'contacts', contactIds),
    liveLinks(db, user, 'company', 'companies', l.companyId ? [l.companyId] : []),
    liveLinks(db, user, 'deal', 'deals', l.dealId ? [l.dealId] : []),
  ]);
  const issues: FieldIssue[] = [];
  if (l.contactId && !seen.has(l.contactId)) issues.push({ path: 'contactId', code: ActivityFieldCodes.linkNotFound });
  if (l.companyId && !companies.has(l.companyId)) issues.push({ path: 'companyId', code: ActivityFieldCodes.linkNotFound });
  if (l.dealId && !deals.has(l.dealId)) issues.push({ path: 'dealId', code: ActivityFieldCodes.linkNotFound });
  if (l.participantContactIds.some((id) => !seen.has(id))) issues.push({ path: 'participants', code: ActivityFieldCodes.linkNotFound });
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  const implied = (l.dealId ? deals.get(l.dealId) : null) ?? (l.contactId ? seen.get(l.contactId) : null) ?? null;
  // Only a company the caller may see: a colleague's call to a shared contact must not land on the
  // timeline of that contact's company, which the colleague cannot open.
  const impliedCompanyId = implied && (await liveLinks(db, user, 'company', 'companies', [implied])).has(implied) ? implied : null;
  return { impliedCompanyId };
}

/**
 * Which of `ids` the caller may open (through the registry's access rule) and are not in the
 * trash, with the company each belongs to (a company's own id for companies).
 */
async function liveLinks(
  db: Db,
  user: AuthUser,
  kind: 'contact' | 'company' | 'deal',
  table: 'contacts' | 'companies' | 'deals',
  ids: string[],
): Promise<Map<string, string | null>> {
  const visible = [...(await visibleAmong(db, user, kind, ids))];
  if (!visible.length) return new Map();
  return liveCompanyOf(db, user.workspaceId, table, visible);
}

/** Records a done activity shows up on: its contact and participant contacts, company, deal. */
function timelineTargets(r: ActivityRow): { entity: string; id: string }[] {
  const out: { entity: string; id: string }[] = [];
  for (const id of new Set([...(r.contact_id ? [r.contact_id] : []), ...r.participant_contact_ids])) out.push({ entity: 'contact', id });
  if (r.company_id) out.push({ entity: 'company', id: r.company_id });
  if (r.deal_id) out.push({ entity: 'deal', id: r.deal_id });
  return out;
}

const onTimeline = (r: ActivityRow | null) => !!r && r.done && !r.deleted_at;

function timelineData(r: ActivityRow) {
  return {
    type: r.type,
    subject: r.subject,
    outcome: r.outcome,
    notes: r.notes,
    doneAt: r.done_at?.toISOString() ?? null,
    ownerId: r.owner_id,
    contactId: r.contact_id,
    companyId: r.company_id,
    dealId: r.deal_id,
  };
}

/**
 * Keeps the timelines in step with an activity, in the caller's transaction: a done, live
 * activity appears (kind `activity`) on every linked record's timeline; undoing or deleting it
 * takes it off; an edit of a done one replaces its entries.
 */
export async function syncActivityTimeline(db: Db, user: AuthUser, before: ActivityRow | null, after: ActivityRow): Promise<void> {
  const was = onTimeline(before);
  const is = onTimeline(after);
  if (!was && !is) return;
  if (
    was &&
    is &&
    JSON.stringify([timelineData(before!), timelineTargets(before!)]) === JSON.stringify([timelineData(after), timelineTargets(after)])
  )
    return;
  if (was)
    await hideTimelineByRef(
      db,
      user.workspaceId,
      { entity: 'activity', id: after.id, kind: 'activity' },
      timelineTargets(before!).map((t) => t.id),
    );
  if (is) {
    for (const t of timelineTargets(after)) {
      await addTimelineEvent(db, {
        workspaceId: user.workspaceId,
        entity: t.entity,
        entityId: t.id,
        kind: 'activity',
        userId: after.owner_id,
        refEntity: 'activity',
        refId: after.id,
        body: after.subject,
        data: timelineData(after),
        occurredAt: after.done_at!,
      });
    }
  }
}
