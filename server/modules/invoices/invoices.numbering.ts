import { sql } from 'kysely';
import type { Numbering, UpdateNumbering } from '../../../contracts/invoices.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { canManageLegalEntities, canReadLegalEntities } from '../legal-entities/index.js';
import { InvoiceErrors, InvoiceRules } from './invoices.errors.js';
import { formatNumber, isValidPrefix, seriesYear, type Country } from './invoices.money.js';
import * as repo from './invoices.repository.js';
import { todayOf } from './invoices.read.js';

// Numbers of invoices: one counter row per legal entity and series year, taken `for update` in the
// transaction that issues the invoice. Whoever issues next waits for that transaction to commit or
// roll back, so a number is never given twice and never skipped, on any number of instances; the
// unique indexes on (entity, number) and (entity, year, sequence) are the database's last word.

type Settings = { prefix: string; firstNumber: number; version: number };

async function settingsOf(db: Db, legalEntityId: string): Promise<Settings> {
  const r = await db
    .selectFrom('invoice_numbering')
    .select(['prefix', 'first_number', 'version'])
    .where('legal_entity_id', '=', legalEntityId)
    .executeTakeFirst();
  return r ? { prefix: r.prefix, firstNumber: Number(r.first_number), version: r.version } : { prefix: 'СЧ', firstNumber: 1, version: 0 };
}

export type Allocated = { number: string; year: number; sequence: number };

/**
 * The next number of the entity's series for an invoice dated `issueDate`, in the caller's
 * transaction: the counter row is created if missing, locked, advanced. A Bulgarian invoice may
 * not be dated before the last one numbered (numbers follow dates); that check runs under the lock.
 */
export async function allocateNumber(
  trx: Db,
  entity: { id: string; country: Country },
  workspaceId: string,
  issueDate: string,
): Promise<Allocated> {
  if (!trx.isTransaction) throw new Error('allocateNumber needs the issuing transaction: the lock would be released at once');
  const year = seriesYear(entity.country, issueDate);
  await trx
    .insertInto('invoice_counters')
    .values({ legal_entity_id: entity.id, year, workspace_id: workspaceId, last_value: 0 })
    .onConflict((oc) => oc.columns(['legal_entity_id', 'year']).doNothing())
    .execute();
  const counter = await trx
    .selectFrom('invoice_counters')
    .select('last_value')
    .where('legal_entity_id', '=', entity.id)
    .where('year', '=', year)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const settings = await settingsOf(trx, entity.id);
  if (entity.country === 'BG') {
    const last = await lastNumbered(trx, entity.id, year);
    if (last && issueDate < last.issue_date) {
      throw PlatformErrors.VALIDATION({
        fields: [{ path: 'issueDate', code: InvoiceRules.issueDateBeforeLast, params: { number: last.number, date: last.issue_date } }],
      });
    }
  }
  const last = Number(counter.last_value);
  const sequence = last === 0 ? (entity.country === 'BG' ? settings.firstNumber : 1) : last + 1;
  await trx
    .updateTable('invoice_counters')
    .set({ last_value: sequence })
    .where('legal_entity_id', '=', entity.id)
    .where('year', '=', year)
    .execute();
  return { number: formatNumber(entity.country, settings.prefix, year, sequence), year, sequence };
}

async function lastNumbered(db: Db, legalEntityId: string, year: number) {
  return db
    .selectFrom('invoices')
    .select(['number', 'issue_date'])
    .where('legal_entity_id', '=', legalEntityId)
    .where('series_year', '=', year)
    .where('sequence', 'is not', null)
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
}

async function entityOr404(db: Db, user: AuthUser, id: string) {
  const e = await repo.findLegalEntity(db, user.workspaceId, id);
  if (!e || e.deleted) throw PlatformErrors.VALIDATION({ fields: [{ path: 'legalEntityId', code: InvoiceRules.legalEntityNotFound }] });
  return e;
}

/** How the entity numbers invoices, and what the next one issued today would be. */
export async function getNumbering(db: Db, user: AuthUser, legalEntityId: string): Promise<Numbering> {
  if (!canReadLegalEntities(user)) throw PlatformErrors.FORBIDDEN();
  const e = await entityOr404(db, user, legalEntityId);
  const s = await settingsOf(db, e.id);
  const year = seriesYear(e.country, todayOf(user));
  const counter = await db
    .selectFrom('invoice_counters')
    .select('last_value')
    .where('legal_entity_id', '=', e.id)
    .where('year', '=', year)
    .executeTakeFirst();
  const used = Number(counter?.last_value ?? 0);
  const next = used === 0 ? (e.country === 'BG' ? s.firstNumber : 1) : used + 1;
  const last = await lastNumbered(db, e.id, year);
  return {
    legalEntityId: e.id,
    country: e.country,
    prefix: s.prefix,
    firstNumber: s.firstNumber,
    nextNumber: formatNumber(e.country, s.prefix, year, next),
    lastNumber: last?.number ?? null,
    version: s.version,
  };
}

/**
 * Changes the Russian prefix, or where a Bulgarian sequence starts (only before its first invoice:
 * afterwards a new start would leave a gap or repeat numbers). Finance and admin; audited.
 */
export async function updateNumbering(db: Db, user: AuthUser, legalEntityId: string, input: UpdateNumbering): Promise<Numbering> {
  if (!canManageLegalEntities(user)) throw PlatformErrors.FORBIDDEN();
  const e = await entityOr404(db, user, legalEntityId);
  const issues = [];
  if (input.prefix !== undefined && !isValidPrefix(input.prefix)) issues.push({ path: 'prefix', code: InvoiceRules.prefixFormat });
  if (input.firstNumber !== undefined && e.country !== 'BG') issues.push({ path: 'firstNumber', code: InvoiceRules.firstNumberBgOnly });
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  const before = await getNumbering(db, user, legalEntityId);
  await db.transaction().execute(async (trx) => {
    // The counter row first, as issuing does: a start that races an issue waits for it, then sees it.
    const used = await sql<{
      last_value: number;
    }>`select last_value from invoice_counters where legal_entity_id = ${e.id} for update`.execute(trx);
    if (input.firstNumber !== undefined && input.firstNumber !== before.firstNumber && used.rows.some((r) => Number(r.last_value) > 0)) {
      throw InvoiceErrors.INVOICE_NUMBERING_IN_USE();
    }
    const current = await trx
      .selectFrom('invoice_numbering')
      .select('version')
      .where('legal_entity_id', '=', e.id)
      .forUpdate()
      .executeTakeFirst();
    if (input.version !== undefined && input.version !== (current?.version ?? 0)) throw PlatformErrors.VERSION_CONFLICT();
    const values = {
      ...(input.prefix !== undefined ? { prefix: input.prefix } : {}),
      ...(input.firstNumber !== undefined ? { first_number: input.firstNumber } : {}),
    };
    if (current) {
      await trx
        .updateTable('invoice_numbering')
        .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
        .where('legal_entity_id', '=', e.id)
        .execute();
    } else {
      await trx
        .insertInto('invoice_numbering')
        .values({ legal_entity_id: e.id, workspace_id: user.workspaceId, ...values })
        .execute();
    }
    const after = await getNumbering(trx, user, legalEntityId);
    await recordAudit(trx, user, {
      entity: 'legal_entity',
      entityId: e.id,
      action: 'update',
      before: { numbering: before },
      after: { numbering: after },
    });
  });
  return getNumbering(db, user, legalEntityId);
}
