import type { Duplicate } from '../../../contracts/companies.js';
import type { Lang } from '../../../contracts/i18n/index.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { lockValues } from '../../platform/locks.js';
import { DuplicateError } from './companies.errors.js';
import * as repo from './companies.repository.js';
import { compact } from './requisites.js';

// Companies that share an INN or EIK: the form's live check and the 409 on save.

/** Records that already have this INN or EIK (for the form's live check and the 409 on save). */
export async function findCompanyDuplicates(
  db: Db,
  user: AuthUser,
  q: { inn?: string | null; eik?: string | null; excludeId?: string },
): Promise<Duplicate[]> {
  const inn = q.inn ? compact(q.inn) : null;
  const eik = q.eik ? compact(q.eik) : null;
  const rows = await repo.companiesWithRequisite(db, user, { inn, eik }, q.excludeId);
  return rows.map((r) => ({
    type: 'company' as const,
    id: r.id,
    title: r.visible ? r.name : null,
    ownerName: r.owner_name,
    visible: Boolean(r.visible),
    matched: inn && r.inn === inn ? ('inn' as const) : ('eik' as const),
  }));
}

export type WriteOptions = { force?: boolean; lang?: Lang };

/**
 * The 409 on an INN or EIK another company already has, made safe under concurrency: the values
 * are locked (in the caller's transaction) before the check, so of parallel creates with the same
 * INN the first commits and every other one then sees it. Forced writes lock too.
 */
export async function guardDuplicates(
  trx: Db,
  user: AuthUser,
  r: { inn?: string | null; eik?: string | null },
  opts: WriteOptions,
  excludeId?: string,
) {
  const inn = r.inn ? compact(r.inn) : null;
  const eik = r.eik ? compact(r.eik) : null;
  if (!inn && !eik) return;
  if (inn) await lockValues(trx, user.workspaceId, 'company.inn', [inn]);
  if (eik) await lockValues(trx, user.workspaceId, 'company.eik', [eik]);
  if (opts.force) return;
  const dups = await findCompanyDuplicates(trx, user, { inn, eik, excludeId });
  if (dups.length) throw new DuplicateError(dups);
}
