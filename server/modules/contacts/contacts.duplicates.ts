import type { Duplicate } from '../../../contracts/companies.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { lockValues } from '../../platform/locks.js';
import { normalizePhone, workspaceRegion } from '../../platform/search/index.js';
import { DuplicateError } from '../companies/index.js';
import * as repo from './contacts.repository.js';

// Contacts that share a phone or an email: the form's live check and the 409 on save.

/** Contacts of the workspace that already have one of these phones or emails (live check and 409 on save). */
export async function findContactDuplicates(
  db: Db,
  user: AuthUser,
  q: { phones?: string[]; emails?: string[]; excludeId?: string },
): Promise<Duplicate[]> {
  const phones = (q.phones ?? []).filter((p) => p.length >= 5);
  const emails = (q.emails ?? []).map((e) => e.trim().toLowerCase()).filter(Boolean);
  const rows = await repo.contactsWithChannels(db, user, phones, emails, q.excludeId);
  return rows.map((r) => ({
    type: 'contact' as const,
    id: r.id,
    title: r.visible ? r.full_name : null,
    ownerName: r.owner_name,
    visible: Boolean(r.visible),
    matched: phones.some((p) => r.search_phones.split(' ').includes(p)) ? ('phone' as const) : ('email' as const),
  }));
}

/** The form's live check: a phone in any format and/or an email. */
export async function checkContactDuplicates(db: Db, user: AuthUser, q: { phone?: string; email?: string; excludeId?: string }) {
  const phones: string[] = [];
  if (q.phone) {
    const e164 = normalizePhone(q.phone, await workspaceRegion(db, user.workspaceId));
    if (e164) phones.push(e164.slice(1));
  }
  return findContactDuplicates(db, user, { phones, emails: q.email ? [q.email] : [], excludeId: q.excludeId });
}

export type WriteOptions = { force?: boolean };

/**
 * The 409 on a phone or email another contact already has, made safe under concurrency: the
 * values are locked (in the caller's transaction) before the check, so of parallel creates with
 * the same phone the first commits and every other one then sees it. Forced writes lock too, so
 * an unforced one racing them still sees their row.
 */
export async function guardDuplicates(
  trx: Db,
  user: AuthUser,
  p: { phoneDigits: string[]; emails: string[] },
  opts: WriteOptions,
  excludeId?: string,
) {
  const phones = p.phoneDigits.filter((d) => d.length >= 5);
  const emails = p.emails.map((e) => e.trim().toLowerCase()).filter(Boolean);
  if (!phones.length && !emails.length) return;
  await lockValues(trx, user.workspaceId, 'contact.phone', phones);
  await lockValues(trx, user.workspaceId, 'contact.email', emails);
  if (opts.force) return;
  const dups = await findContactDuplicates(trx, user, { phones, emails, excludeId });
  if (dups.length) throw new DuplicateError(dups);
}
