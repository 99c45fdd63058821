// The screen pop: who is calling, for the manager whose phone rings. A read model over calls,
// contacts, companies, deals and activities, so it is a feature (imported by nobody); every name
// and detail passes the viewer's own access (a ring group rings managers who may not see the
// client: they see the number and a hidden record, not the name).
import { sql } from 'kysely';
import { linkedRecord } from '../../../contracts/records.js';
import type { ScreenPop } from '../../../contracts/calls.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { namesAmong, visibilityOf } from '../../platform/registry.js';
import { callPopFacts } from '../calls/index.js';

const OPEN_DEALS = 5;

/** The pop of one call for one viewer, or undefined when the workspace has no such call. */
export async function screenPop(db: Db, viewer: AuthUser, callId: string): Promise<ScreenPop | undefined> {
  const c = await callPopFacts(db, viewer.workspaceId, callId);
  if (!c) return undefined;
  const [contactNames, companyNames] = await Promise.all([
    namesAmong(db, viewer, 'contact', c.contactIds),
    namesAmong(db, viewer, 'company', c.companyIds),
  ]);
  const seenContacts = c.contactIds.filter((id) => contactNames.has(id));
  const seenCompanies = c.companyIds.filter((id) => companyNames.has(id));
  const clientFilter = sql.join(
    [
      seenContacts.length
        ? sql`d.id in (select dc.deal_id from deal_contacts dc where dc.contact_id = any(${seenContacts}::uuid[]))`
        : sql`false`,
      seenCompanies.length ? sql`d.company_id = any(${seenCompanies}::uuid[])` : sql`false`,
    ],
    sql` or `,
  );
  const activityFilter = sql.join(
    [
      seenContacts.length ? sql`a.contact_id = any(${seenContacts}::uuid[])` : sql`false`,
      seenCompanies.length ? sql`a.company_id = any(${seenCompanies}::uuid[])` : sql`false`,
    ],
    sql` or `,
  );
  const anySeen = seenContacts.length + seenCompanies.length > 0;
  const [deals, activity, owner] = await Promise.all([
    anySeen
      ? sql<{ id: string; title: string; amount: string; currency: string; stage_name: string }>`
          select d.id, d.title, d.amount::text as amount, d.currency, s.name as stage_name
          from deals d join pipeline_stages s on s.id = d.stage_id
          where d.workspace_id = ${viewer.workspaceId} and d.status = 'open' and d.deleted_at is null
            and (${clientFilter}) and ${visibilityOf(viewer, 'deal', 'd')}
          order by d.updated_at desc limit ${OPEN_DEALS}`.execute(db)
      : { rows: [] },
    anySeen
      ? sql<{ id: string; type: string; subject: string; at: Date }>`
          select a.id, a.type, a.subject, coalesce(a.done_at, a.due_at) as at
          from activities a
          where a.workspace_id = ${viewer.workspaceId} and a.deleted_at is null and a.done
            and (${activityFilter}) and ${visibilityOf(viewer, 'activity', 'a')}
          order by a.done_at desc nulls last limit 1`.execute(db)
      : { rows: [] },
    // The client's owner is named only to whom the client is named.
    anySeen && c.client_owner_id ? db.selectFrom('users').select('name').where('id', '=', c.client_owner_id).executeTakeFirst() : undefined,
  ]);
  const last = activity.rows[0];
  return {
    callId: c.id,
    status: c.status,
    direction: c.direction,
    number: c.direction === 'out' ? c.to_number : c.from_number,
    line: c.line,
    startedAt: c.started_at.toISOString(),
    mine: c.user_id === viewer.id,
    unknown: c.contactIds.length + c.companyIds.length === 0,
    contacts: c.contactIds.map((id) => linkedRecord(id, contactNames.get(id))),
    companies: c.companyIds.map((id) => linkedRecord(id, companyNames.get(id))),
    openDeals: deals.rows.map((d) => ({ id: d.id, title: d.title, amount: d.amount, currency: d.currency, stageName: d.stage_name })),
    lastActivity: last ? { id: last.id, type: last.type, subject: last.subject, at: last.at.toISOString() } : null,
    ownerName: owner?.name ?? null,
  };
}

/**
 * The pop through the API, for a viewer the call concerns: one whose phone it rang or who may
 * see it (its manager, an operator, who may open its client); 404 for anyone else.
 */
export async function screenPopFor(
  db: Db,
  viewer: AuthUser,
  callId: string,
  mayOpen: (id: string) => Promise<boolean>,
): Promise<ScreenPop> {
  const pop = (await mayOpen(callId)) ? await screenPop(db, viewer, callId) : undefined;
  if (!pop) throw PlatformErrors.NOT_FOUND();
  return pop;
}
