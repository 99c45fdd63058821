import type { Company } from '../../../contracts/companies.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { publishMerged } from '../../platform/merge.js';
import { assertCanEdit, cleanTags, fillEmpty, inTransaction, mergeNotes, unionBy } from '../../platform/records.js';
import { searchEmailsValue, searchPhonesValue } from '../../platform/search/index.js';
import { addTimelineEvent } from '../../platform/timeline.js';
import { CounterpartyFieldCodes } from './companies.errors.js';
import { getCompany, getRow } from './companies.read.js';
import * as repo from './companies.repository.js';
import { snapshot, toCompany } from './companies.view.js';

const MERGE_FILL = [
  'legal_form',
  'country',
  'inn',
  'kpp',
  'ogrn',
  'bik',
  'bank_name',
  'settlement_account',
  'corr_account',
  'eik',
  'vat_number',
  'iban',
  'website',
  'industry',
  'segment',
  'source',
  'owner_id',
] as const;

/**
 * Merges `otherId` into `keepId`: every reference moves to the kept company, its empty fields are
 * filled from the other, phones, emails, addresses and tags are united, the other is soft-deleted;
 * both get a 'merge' audit entry and the kept one a timeline event.
 */
export async function mergeCompanies(db: Db, user: AuthUser, keepId: string, otherId: string): Promise<Company> {
  if (keepId === otherId) throw PlatformErrors.VALIDATION({ fields: [{ path: 'otherId', code: CounterpartyFieldCodes.mergeSame }] });
  const [keep0, other0] = await Promise.all([getRow(db, user, keepId), getRow(db, user, otherId)]);
  await assertCanEdit(db, user, 'company', keepId, keep0.owner_id);
  await assertCanEdit(db, user, 'company', otherId, other0.owner_id);
  await inTransaction(db, async (trx) => {
    // Lock both rows in id order so two merges of the same pair cannot deadlock.
    const [first, second] = [keepId, otherId].sort();
    await getRow(trx, user, first, { lock: true });
    await getRow(trx, user, second, { lock: true });
    const keep = await getRow(trx, user, keepId);
    const other = await getRow(trx, user, otherId);
    const fill = fillEmpty(keep, other, [...MERGE_FILL]);
    const phones = unionBy(keep.phones, other.phones, (p) => p.number);
    const emails = unionBy(keep.emails, other.emails, (e) => e.address.toLowerCase());
    const addresses = unionBy(keep.addresses, other.addresses, (a) => a.text.trim().toLowerCase());
    // Every module that points at companies (contacts, deals, activities, documents, shares and
    // the timeline) relinks its own rows in its merge handler.
    await publishMerged(trx, 'company', user.id, { workspaceId: user.workspaceId, keptId: keepId, mergedId: otherId });
    await repo.updateCompanyRow(trx, keepId, {
      ...fill,
      phones: JSON.stringify(phones),
      emails: JSON.stringify(emails),
      addresses: JSON.stringify(addresses),
      search_phones: searchPhonesValue(phones),
      search_emails: searchEmailsValue(emails),
      tags: cleanTags([...keep.tags, ...other.tags]),
      notes: mergeNotes(keep.notes, other.notes),
    });
    await repo.updateCompanyRow(trx, otherId, { deleted_at: new Date() });
    const keepAfter = toCompany(await getRow(trx, user, keepId, { unscoped: true }));
    const otherAfter = toCompany(await getRow(trx, user, otherId, { deleted: 'any', unscoped: true }));
    await recordAudit(trx, user, {
      entity: 'company',
      entityId: keepId,
      action: 'merge',
      before: { ...snapshot(toCompany(keep)), mergedFrom: otherId },
      after: snapshot(keepAfter),
    });
    await recordAudit(trx, user, {
      entity: 'company',
      entityId: otherId,
      action: 'merge',
      before: snapshot(toCompany(other)),
      after: { ...snapshot(otherAfter), mergedInto: keepId },
    });
    await addTimelineEvent(trx, {
      workspaceId: user.workspaceId,
      entity: 'company',
      entityId: keepId,
      kind: 'merged',
      userId: user.id,
      refEntity: 'company',
      refId: otherId,
      data: { otherId, otherName: other.name },
    });
  });
  return getCompany(db, user, keepId);
}
