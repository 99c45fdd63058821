// The «unsorted» queue: calls of numbers no contact or company has. Sorting one is a single step
// (one transaction): a new contact or company with the number, or the number added to an existing
// one through its own module (same checks, audit and duplicates rules as the API), and then every
// call of that number without a client is linked to it and put on its timeline.
import type { SortCallBody, UnsortedNumber } from '../../../contracts/calls.js';
import type { PhoneValue } from '../../../contracts/companies.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { lockValues } from '../../platform/locks.js';
import { inTransaction } from '../../platform/records.js';
import { normalizePhone, workspaceRegion } from '../../platform/search/index.js';
import { createCompany, getCompany, updateCompany } from '../companies/index.js';
import { createContact, getContact, updateContact } from '../contacts/index.js';
import { CallErrors } from './calls.errors.js';
import { addCallToTimelines } from './calls.ingest.js';
import { externalNumber } from './calls.plan.js';
import * as repo from './calls.repository.js';
import { toCall } from './calls.view.js';

/** The unknown numbers the caller may sort, the one called last first, each with its last call. */
export async function listUnsorted(
  db: Db,
  user: AuthUser,
  q: { limit: number; cursor?: string },
): Promise<{ items: UnsortedNumber[]; nextCursor: string | null }> {
  const rows = await repo.unsortedRows(db, user, { after: decodeCursor(q.cursor, 'timestamptz'), limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = new Map(
    (
      await repo.callsByIds(
        db,
        user.workspaceId,
        page.map((r) => r.last_id),
      )
    ).map((c) => [c.id, c]),
  );
  const end = page[page.length - 1];
  return {
    items: page.map((r) => {
      const call = last.get(r.last_id)!;
      return {
        number: externalNumber(call) ?? r.number_key,
        calls: r.calls,
        missed: r.missed,
        firstAt: r.first_at.toISOString(),
        lastCall: toCall(call),
      };
    }),
    nextCursor: rows.length > q.limit && end ? encodeCursor(end.last_key, end.last_id) : null,
  };
}

type Client = { entity: 'contact' | 'company'; id: string; companyId: string | null; ownerId: string | null };

/** Whether a list of phones has this number already (in any spelling). */
function hasNumber(phones: { number: string }[], number: string, region: Parameters<typeof normalizePhone>[1]): boolean {
  const key = (n: string) => normalizePhone(n, region) ?? n.replace(/\D/g, '');
  return phones.some((p) => key(p.number) === key(number));
}

/** The record the number goes to, created or given the number, in the caller's transaction. */
async function clientFor(trx: Db, user: AuthUser, body: SortCallBody, number: string): Promise<Client> {
  const region = await workspaceRegion(trx, user.workspaceId);
  if ('createContact' in body) {
    const b = body.createContact;
    const c = await createContact(trx, user, {
      firstName: b.firstName,
      lastName: b.lastName,
      companyId: b.companyId ?? null,
      position: b.position,
      phones: [{ type: b.phoneType, number }],
      emails: b.email ? [{ type: 'work', address: b.email }] : undefined,
    });
    return { entity: 'contact', id: c.id, companyId: c.companyId, ownerId: c.ownerId };
  }
  if ('createCompany' in body) {
    const b = body.createCompany;
    const c = await createCompany(trx, user, {
      name: b.name,
      phones: [{ type: b.phoneType, number }],
      emails: b.email ? [{ type: 'work', address: b.email }] : undefined,
    });
    return { entity: 'company', id: c.id, companyId: null, ownerId: c.ownerId };
  }
  if ('contactId' in body) {
    const c = await getContact(trx, user, body.contactId);
    if (!hasNumber(c.phones, number, region))
      await updateContact(trx, user, c.id, {
        phones: [...(c.phones as PhoneValue[]), { type: body.phoneType, number }],
        version: c.version,
      });
    return { entity: 'contact', id: c.id, companyId: c.companyId, ownerId: c.ownerId };
  }
  const c = await getCompany(trx, user, body.companyId);
  if (!hasNumber(c.phones, number, region))
    await updateCompany(trx, user, c.id, { phones: [...(c.phones as PhoneValue[]), { type: body.phoneType, number }], version: c.version });
  return { entity: 'company', id: c.id, companyId: null, ownerId: c.ownerId };
}

/**
 * Sorts the number of an unsorted call into a contact or company (created here or existing) and
 * links every call of that number without a client to it, with the contact's company; the calls
 * appear on their timelines. A call that has a client already is 409; one the caller may not sort, 404.
 */
export async function sortCall(db: Db, user: AuthUser, callId: string, body: SortCallBody) {
  return inTransaction(db, async (trx) => {
    const call = await repo.findSortableCall(trx, user, callId);
    const number = call && externalNumber(call);
    if (!call || !call.number_key || !number) throw CallErrors.CALL_NOT_FOUND();
    // Two people sorting the same number at once: the second one waits and then finds it sorted.
    await lockValues(trx, user.workspaceId, 'call-number', [call.number_key]);
    const calls = await repo.unsortedCallsOfNumber(trx, user.workspaceId, call.number_key);
    if (!calls.some((c) => c.id === call.id)) throw CallErrors.CALL_ALREADY_SORTED();

    const client = await clientFor(trx, user, body, number);
    const links = [
      { entity: client.entity, entity_id: client.id },
      ...(client.companyId ? [{ entity: 'company' as const, entity_id: client.companyId }] : []),
    ];
    const ids = calls.map((c) => c.id);
    await repo.insertLinks(
      trx,
      calls.flatMap((c) => links.map((l) => ({ call_id: c.id, workspace_id: user.workspaceId, ...l }))),
    );
    await repo.setCallClient(trx, user.workspaceId, ids, {
      contactId: client.entity === 'contact' ? client.id : null,
      companyId: client.entity === 'company' ? client.id : client.companyId,
      ownerId: client.ownerId,
    });
    for (const c of await repo.callsByIds(trx, user.workspaceId, ids)) {
      if (c.ended_at) await addCallToTimelines(trx, c, links);
      const before = calls.find((x) => x.id === c.id)!;
      await recordAudit(trx, user, {
        entity: 'call',
        entityId: c.id,
        action: 'update',
        before: { contactId: before.contact_id, companyId: before.company_id },
        after: { contactId: c.contact_id, companyId: c.company_id },
      });
    }
    return { entity: client.entity, id: client.id, calls: ids.length };
  });
}
