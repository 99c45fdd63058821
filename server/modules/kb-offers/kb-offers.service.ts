// Articles offered beside a client or a subject: the screen pop asks with the caller's contact or
// company, the ticket page with its subject and products. A read model over deals and products
// (what the client is buying now), so it is a feature, imported by nobody.
import { sql } from 'kysely';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { visibilityOf } from '../../platform/registry.js';
import { suggestArticles } from '../kb/index.js';

const OPEN_DEALS = 20;

/** Names of the lines of the client's open deals that the viewer may see, most recent deals first. */
async function openDealProducts(db: Db, viewer: AuthUser, client: { kind: 'contact' | 'company'; id: string }): Promise<string[]> {
  const table = client.kind === 'contact' ? sql`contacts` : sql`companies`;
  const seen = await sql<{ id: string }>`
    select r.id from ${table} r
    where r.workspace_id = ${viewer.workspaceId} and r.id = ${client.id} and r.deleted_at is null and ${visibilityOf(viewer, client.kind, 'r')}`.execute(
    db,
  );
  if (!seen.rows.length) throw PlatformErrors.NOT_FOUND();
  const dealsOf =
    client.kind === 'contact'
      ? sql`d.id in (select dc.deal_id from deal_contacts dc where dc.contact_id = ${client.id})`
      : sql`d.company_id = ${client.id}`;
  const r = await sql<{ name: string }>`
    select distinct on (dl.name) dl.name from (
      select d.id, d.updated_at from deals d
      where d.workspace_id = ${viewer.workspaceId} and d.status = 'open' and d.deleted_at is null
        and ${dealsOf} and ${visibilityOf(viewer, 'deal', 'd')}
      order by d.updated_at desc limit ${OPEN_DEALS}) d
    join deal_lines dl on dl.deal_id = d.id
    order by dl.name, d.updated_at desc`.execute(db);
  return r.rows.map((x) => x.name);
}

/** Live catalogue products by id (the catalogue is the whole workspace's). */
async function productNames(db: Db, viewer: AuthUser, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const r = await sql<{ name: string }>`
    select p.name from products p where p.workspace_id = ${viewer.workspaceId} and p.id = any(${ids}::uuid[]) and p.deleted_at is null`.execute(
    db,
  );
  return r.rows.map((x) => x.name);
}

/** A ticket's subject and products, when the viewer may open it (else 404, as the ticket's own GET). */
async function ticketSubject(db: Db, viewer: AuthUser, id: string): Promise<{ subject: string; productIds: string[] }> {
  const r = await sql<{ subject: string; product_ids: string[] }>`
    select t.subject, t.product_ids from tickets t
    where t.workspace_id = ${viewer.workspaceId} and t.id = ${id} and ${visibilityOf(viewer, 'ticket', 't')}`.execute(db);
  const t = r.rows[0];
  if (!t) throw PlatformErrors.NOT_FOUND();
  return { subject: t.subject, productIds: t.product_ids };
}

/** Published articles for the client's current products, a ticket, the given products and the words of `q`. */
export async function kbSuggestions(
  db: Db,
  viewer: AuthUser,
  q: { contactId?: string; companyId?: string; ticketId?: string; productId?: string | string[]; q?: string; limit: number },
) {
  const ticket = q.ticketId ? await ticketSubject(db, viewer, q.ticketId) : undefined;
  const ids = [
    ...new Set([
      ...(q.productId === undefined ? [] : Array.isArray(q.productId) ? q.productId : [q.productId]),
      ...(ticket?.productIds ?? []),
    ]),
  ];
  const names = [
    ...(q.contactId ? await openDealProducts(db, viewer, { kind: 'contact', id: q.contactId }) : []),
    ...(q.companyId ? await openDealProducts(db, viewer, { kind: 'company', id: q.companyId }) : []),
    ...(await productNames(db, viewer, ids)),
  ];
  const text = [ticket?.subject, q.q].filter(Boolean).join(' ');
  return { items: await suggestArticles(db, viewer, { productNames: names, text, limit: q.limit }) };
}
