import type { Updateable } from 'kysely';
import type { Contract, CreateContract, ListContractsQuery, UpdateContract } from '../../../contracts/contracts.js';
import type { Currency } from '../../../contracts/products.js';
import { ymdOf, zoneOr } from '../../../contracts/time.js';
import type { AuthUser } from '../../platform/auth.js';
import { recordAudit } from '../../platform/audit.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { inTransaction } from '../../platform/records.js';
import { namesAmong } from '../../platform/registry.js';
import { findVisibleCompany } from '../companies/index.js';
import { findLiveLegalEntity } from '../legal-entities/index.js';
import { productFacts } from '../products/index.js';
import { ContractErrors } from './contracts.errors.js';
import * as repo from './contracts.repository.js';
import { canManageCredit, canWriteContracts } from './contracts.rights.js';
import type { ContractsTable } from './contracts.table.js';

/** The caller's today (their time zone): what "in force" is measured against. */
export const todayFor = (user: AuthUser) => ymdOf(new Date(), zoneOr(user.timeZone, 'UTC'));

const inForce = (r: repo.ContractRow, today: string) =>
  !r.deleted_at && r.valid_from <= today && (r.valid_to === null || r.valid_to >= today);

async function toContracts(db: Db, user: AuthUser, rows: repo.ContractRow[]): Promise<Contract[]> {
  if (!rows.length) return [];
  const [companies, entities, prices] = await Promise.all([
    namesAmong(db, user, 'company', [...new Set(rows.map((r) => r.company_id))]),
    namesAmong(db, user, 'legal_entity', [...new Set(rows.map((r) => r.legal_entity_id))]),
    repo.pricesOf(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  // Names of products removed from the catalogue since are not shown (productFacts takes live ones).
  const products = await productFacts(db, user.workspaceId, [...new Set(prices.map((p) => p.product_id))]);
  const today = todayFor(user);
  return rows.map((r) => ({
    id: r.id,
    companyId: r.company_id,
    companyName: companies.get(r.company_id) ?? null,
    legalEntityId: r.legal_entity_id,
    legalEntityName: entities.get(r.legal_entity_id) ?? null,
    number: r.number,
    date: r.date,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    paymentTermDays: r.payment_term_days,
    prepaymentPercent: r.prepayment_percent,
    creditLimit: r.credit_limit,
    currency: r.currency as Currency,
    notes: r.notes,
    prices: prices
      .filter((p) => p.contract_id === r.id)
      .map((p) => ({ productId: p.product_id, productName: products.get(p.product_id)?.name ?? null, price: p.price })),
    isActive: inForce(r, today),
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: r.deleted_at ? r.deleted_at.toISOString() : null,
  }));
}

async function rowOrThrow(db: Db, user: AuthUser, id: string, opts: { deleted?: boolean; lock?: boolean } = {}) {
  const row = await repo.findContractRow(db, user, id, opts.lock);
  if (!row || Boolean(row.deleted_at) !== Boolean(opts.deleted)) throw ContractErrors.CONTRACT_NOT_FOUND();
  return row;
}

async function readContract(db: Db, user: AuthUser, id: string, deleted = false): Promise<Contract> {
  return (await toContracts(db, user, [await rowOrThrow(db, user, id, { deleted })]))[0];
}

/** One contract the caller may see (through its client); 404 otherwise. */
export async function getContract(db: Db, user: AuthUser, id: string): Promise<Contract> {
  return readContract(db, user, id);
}

/** Contracts the caller may see: of one client, one seller, those in force, the bin; paged. */
export async function listContracts(
  db: Db,
  user: AuthUser,
  q: ListContractsQuery,
): Promise<{ items: Contract[]; nextCursor: string | null }> {
  const rows = await repo.listContractRows(db, user, {
    companyId: q.companyId,
    legalEntityId: q.legalEntityId,
    activeOn: q.active ? todayFor(user) : undefined,
    deleted: q.deleted ?? false,
    q: q.q?.trim() || undefined,
    after: decodeCursor(q.cursor, 'date'),
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { items: await toContracts(db, user, page), nextCursor: rows.length > q.limit && last ? encodeCursor(last.date, last.id) : null };
}

function assertWriter(user: AuthUser) {
  if (!canWriteContracts(user)) throw PlatformErrors.FORBIDDEN();
}

type Merged = {
  companyId: string;
  legalEntityId: string;
  number: string;
  date: string;
  validFrom: string;
  validTo: string | null;
  currency: string;
};

/** Checks a create or change against the merged result; collects field issues. */
async function check(db: Db, user: AuthUser, input: Partial<CreateContract>, merged: Merged, issues: FieldIssue[], exceptId?: string) {
  if (input.companyId !== undefined && !(await findVisibleCompany(db, user, input.companyId)))
    issues.push({ path: 'companyId', code: 'contracts.companyNotFound' });
  if (input.legalEntityId !== undefined && !(await findLiveLegalEntity(db, user.workspaceId, input.legalEntityId)))
    issues.push({ path: 'legalEntityId', code: 'contracts.legalEntityNotFound' });
  if (merged.validTo !== null && merged.validTo < merged.validFrom) issues.push({ path: 'validTo', code: 'contracts.validToBeforeFrom' });
  if (input.prices) {
    const facts = await productFacts(db, user.workspaceId, [...new Set(input.prices.map((p) => p.productId))]);
    const seen = new Set<string>();
    input.prices.forEach((p, i) => {
      if (!facts.has(p.productId)) issues.push({ path: `prices.${i}.productId`, code: 'contracts.productNotFound' });
      else if (seen.has(p.productId)) issues.push({ path: `prices.${i}.productId`, code: 'contracts.productRepeated' });
      seen.add(p.productId);
    });
  }
  // Credit terms decide the hold: only those who may let a client through it set them.
  if (!canManageCredit(user)) {
    for (const key of ['creditLimit', 'paymentTermDays'] as const)
      if (input[key] !== undefined) throw PlatformErrors.FORBIDDEN({ fields: [{ path: key, code: 'contracts.creditTermsForbidden' }] });
  }
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  if (await repo.numberTaken(db, user.workspaceId, merged.legalEntityId, merged.number, exceptId))
    throw ContractErrors.CONTRACT_NUMBER_TAKEN({
      fields: [{ path: 'number', code: 'contracts.numberTaken' }],
      params: { number: merged.number },
    });
}

function columns(input: Partial<CreateContract>): Updateable<ContractsTable> {
  const v: Updateable<ContractsTable> = {};
  if (input.legalEntityId !== undefined) v.legal_entity_id = input.legalEntityId;
  if (input.number !== undefined) v.number = input.number;
  if (input.date !== undefined) v.date = input.date;
  if (input.validFrom !== undefined) v.valid_from = input.validFrom;
  if (input.validTo !== undefined) v.valid_to = input.validTo;
  if (input.paymentTermDays !== undefined) v.payment_term_days = input.paymentTermDays;
  if (input.prepaymentPercent !== undefined) v.prepayment_percent = input.prepaymentPercent;
  if (input.creditLimit !== undefined) v.credit_limit = input.creditLimit;
  if (input.currency !== undefined) v.currency = input.currency;
  if (input.notes !== undefined) v.notes = input.notes?.trim() || null;
  return v;
}

/** Creates a contract of a client the caller may see (finance, director, head of sales, admin). */
export async function createContract(db: Db, user: AuthUser, input: CreateContract): Promise<Contract> {
  assertWriter(user);
  const merged: Merged = { ...input, validFrom: input.validFrom ?? input.date, validTo: input.validTo ?? null };
  await check(db, user, input, merged, []);
  return inTransaction(db, async (trx) => {
    const id = await repo.insertContract(trx, {
      workspace_id: user.workspaceId,
      company_id: input.companyId,
      legal_entity_id: input.legalEntityId,
      number: input.number,
      date: input.date,
      valid_from: merged.validFrom,
      currency: input.currency,
      created_by: user.id,
      deleted_at: null,
      credit_limit: null,
      notes: null,
      ...columns(input),
    });
    if (input.prices) await repo.replacePrices(trx, user.workspaceId, id, input.prices);
    const after = await readContract(trx, user, id);
    await recordAudit(trx, user, { entity: 'contract', entityId: id, action: 'create', after });
    return after;
  });
}

/** Changes a contract (carries version); its prices, when given, replace the list. */
export async function updateContract(db: Db, user: AuthUser, id: string, input: UpdateContract): Promise<Contract> {
  assertWriter(user);
  const { version, ...change } = input;
  const before = await readContract(db, user, id);
  const merged: Merged = {
    companyId: before.companyId,
    legalEntityId: change.legalEntityId ?? before.legalEntityId,
    number: change.number ?? before.number,
    date: change.date ?? before.date,
    validFrom: change.validFrom ?? before.validFrom,
    validTo: change.validTo !== undefined ? change.validTo : before.validTo,
    currency: change.currency ?? before.currency,
  };
  await check(db, user, change, merged, [], id);
  return inTransaction(db, async (trx) => {
    if (!(await repo.updateContractRow(trx, user.workspaceId, id, version, columns(change)))) throw PlatformErrors.VERSION_CONFLICT();
    if (change.prices) await repo.replacePrices(trx, user.workspaceId, id, change.prices);
    const after = await readContract(trx, user, id);
    await recordAudit(trx, user, { entity: 'contract', entityId: id, action: 'update', before, after });
    return after;
  });
}

/** Moves a contract to the bin: invoices and deals under it keep their link. */
export async function deleteContract(db: Db, user: AuthUser, id: string): Promise<void> {
  assertWriter(user);
  const before = await readContract(db, user, id);
  await inTransaction(db, async (trx) => {
    await repo.setContractDeleted(trx, user.workspaceId, id, new Date());
    await recordAudit(trx, user, { entity: 'contract', entityId: id, action: 'delete', before });
  });
}

/** Brings a contract back from the bin, unless its number has been given to another meanwhile. */
export async function restoreContract(db: Db, user: AuthUser, id: string): Promise<Contract> {
  assertWriter(user);
  const row = await rowOrThrow(db, user, id, { deleted: true });
  if (await repo.numberTaken(db, user.workspaceId, row.legal_entity_id, row.number, id))
    throw ContractErrors.CONTRACT_NUMBER_TAKEN({
      fields: [{ path: 'number', code: 'contracts.numberTaken' }],
      params: { number: row.number },
    });
  return inTransaction(db, async (trx) => {
    await repo.setContractDeleted(trx, user.workspaceId, id, null);
    const after = await readContract(trx, user, id);
    await recordAudit(trx, user, { entity: 'contract', entityId: id, action: 'restore', after });
    return after;
  });
}

/**
 * Checks a link from a deal or an invoice to a contract: it exists (live) and belongs to the same
 * client (and, for an invoice, the same seller and currency). Pushes the issue on `path`.
 */
export async function checkContractLink(
  db: Db,
  workspaceId: string,
  contractId: string,
  link: { companyId: string | null; legalEntityId?: string; currency?: string },
  issues: FieldIssue[],
  path = 'contractId',
) {
  const c = await repo.contractFacts(db, workspaceId, contractId);
  if (!c || c.deleted_at) return void issues.push({ path, code: 'contracts.contractNotFound' });
  if (c.company_id !== link.companyId) return void issues.push({ path, code: 'contracts.contractOtherClient' });
  if (link.legalEntityId !== undefined && c.legal_entity_id !== link.legalEntityId)
    return void issues.push({ path, code: 'contracts.contractOtherSeller' });
  if (link.currency !== undefined && c.currency !== link.currency)
    return void issues.push({ path, code: 'contracts.contractCurrency', params: { currency: c.currency } });
  return c;
}
