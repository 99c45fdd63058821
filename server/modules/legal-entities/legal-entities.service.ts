import type { Updateable } from 'kysely';
import type { CreateLegalEntity, LegalEntity, LegalEntityImageKind, UpdateLegalEntity } from '../../../contracts/legal-entities.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { normaliseRequisites, validateRequisites } from '../companies/index.js';
import { LegalEntityErrors } from './legal-entities.errors.js';
import * as repo from './legal-entities.repository.js';
import type { LegalEntitiesTable } from './legal-entities.table.js';
import { canListLegalEntities, canManageLegalEntities, canReadLegalEntities } from './legal-entities.rights.js';

/**
 * Checks that say a legal entity is still in use (documents, invoices, contracts register theirs
 * from app.ts): deleting it is then refused, since issued paper names it.
 */
export type LegalEntityUseCheck = (db: Db, workspaceId: string, legalEntityId: string) => Promise<boolean>;
const useChecks: LegalEntityUseCheck[] = [];
/** Registers a check run before a legal entity is deleted (at composition, in app.ts). */
export function onLegalEntityDelete(check: LegalEntityUseCheck): void {
  useChecks.push(check);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toLegalEntity(r: repo.LegalEntityRow, images: repo.ImageMeta[]): LegalEntity {
  const image = (kind: LegalEntityImageKind) => {
    const m = images.find((i) => i.legal_entity_id === r.id && i.kind === kind);
    return m ? { mimeType: m.mime_type, size: m.size, updatedAt: m.updated_at.toISOString() } : null;
  };
  return {
    id: r.id,
    name: r.name,
    country: r.country as LegalEntity['country'],
    inn: r.inn,
    kpp: r.kpp,
    ogrn: r.ogrn,
    eik: r.eik,
    vatNumber: r.vat_number,
    vatPayer: r.vat_payer,
    address: r.address,
    bankName: r.bank_name,
    bik: r.bik,
    settlementAccount: r.settlement_account,
    correspondentAccount: r.correspondent_account,
    iban: r.iban,
    bic: r.bic,
    director: r.director,
    accountant: r.accountant,
    defaultCurrency: r.default_currency as LegalEntity['defaultCurrency'],
    images: { logo: image('logo'), signature: image('signature'), stamp: image('stamp') },
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: iso(r.deleted_at),
  };
}

function assertReader(user: AuthUser) {
  if (!canReadLegalEntities(user)) throw PlatformErrors.FORBIDDEN();
}
function assertLister(user: AuthUser) {
  if (!canListLegalEntities(user)) throw PlatformErrors.FORBIDDEN();
}
function assertManager(user: AuthUser) {
  if (!canManageLegalEntities(user)) throw PlatformErrors.FORBIDDEN();
}

async function readOne(db: Db, user: AuthUser, id: string, allowDeleted = false): Promise<LegalEntity> {
  const row = await repo.findLegalEntityRow(db, user.workspaceId, id);
  if (!row || (row.deleted_at && !allowDeleted)) throw LegalEntityErrors.LEGAL_ENTITY_NOT_FOUND();
  return toLegalEntity(row, await repo.imagesOf(db, user.workspaceId, [id]));
}

/** One live legal entity for finance, director, admin and the sales side; 404 when it is not in the workspace. */
export async function getLegalEntity(db: Db, user: AuthUser, id: string): Promise<LegalEntity> {
  assertLister(user);
  return readOne(db, user, id);
}

/**
 * A live legal entity with its logo, signature and stamp, for printing on a document; undefined
 * when there is none. No role check: its requisites are on every paper it issues, so whoever may
 * open the record a document is made from may print them (the caller checks that record).
 */
export async function legalEntityForDocuments(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<{ entity: LegalEntity; images: Partial<Record<LegalEntityImageKind, { mimeType: string; bytes: Buffer }>> } | undefined> {
  const row = await repo.findLegalEntityRow(db, workspaceId, id);
  if (!row || row.deleted_at) return undefined;
  const [meta, bytes] = await Promise.all([repo.imagesOf(db, workspaceId, [id]), repo.imagesWithBytes(db, workspaceId, id)]);
  const images = Object.fromEntries(bytes.map((i) => [i.kind, { mimeType: i.mime_type, bytes: i.bytes }]));
  return { entity: toLegalEntity(row, meta), images };
}

export async function listLegalEntities(db: Db, user: AuthUser, q: { deleted?: boolean }): Promise<{ items: LegalEntity[] }> {
  if (q.deleted) assertReader(user);
  else assertLister(user);
  const rows = await repo.listLegalEntityRows(db, user.workspaceId, q.deleted ?? false);
  const images = await repo.imagesOf(
    db,
    user.workspaceId,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toLegalEntity(r, images)) };
}

const text = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim());
const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/**
 * The columns of a create or change, validated against the merged result: requisites by the same
 * checksums as clients' (companies module), the country's own number required, the BIC's shape.
 */
function prepare(input: Partial<CreateLegalEntity>, before: LegalEntity | null): Updateable<LegalEntitiesTable> {
  const req = normaliseRequisites({
    inn: input.inn,
    kpp: input.kpp,
    ogrn: input.ogrn,
    bik: input.bik,
    settlementAccount: input.settlementAccount,
    corrAccount: input.correspondentAccount,
    eik: input.eik,
    vatNumber: input.vatNumber,
    iban: input.iban,
  });
  const bic = input.bic === undefined ? undefined : input.bic === null ? null : input.bic.replace(/\s/g, '').toUpperCase() || null;
  const pick = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
  const merged = {
    inn: pick(req.inn, before?.inn ?? null),
    kpp: pick(req.kpp, before?.kpp ?? null),
    ogrn: pick(req.ogrn, before?.ogrn ?? null),
    bik: pick(req.bik, before?.bik ?? null),
    settlementAccount: pick(req.settlementAccount, before?.settlementAccount ?? null),
    corrAccount: pick(req.corrAccount, before?.correspondentAccount ?? null),
    eik: pick(req.eik, before?.eik ?? null),
    vatNumber: pick(req.vatNumber, before?.vatNumber ?? null),
    iban: pick(req.iban, before?.iban ?? null),
  };
  const country = input.country ?? before?.country;
  const issues: FieldIssue[] = validateRequisites(merged).issues.map((i) => ({
    ...i,
    path: i.path === 'corrAccount' ? 'correspondentAccount' : i.path,
  }));
  const finalBic = pick(bic, before?.bic ?? null);
  if (finalBic && !BIC.test(finalBic)) issues.push({ path: 'bic', code: 'legalEntities.bicFormat' });
  if (country === 'RU' && !merged.inn && !issues.some((i) => i.path === 'inn'))
    issues.push({ path: 'inn', code: 'legalEntities.innRequired' });
  if (country === 'BG' && !merged.eik && !issues.some((i) => i.path === 'eik'))
    issues.push({ path: 'eik', code: 'legalEntities.eikRequired' });
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  return {
    name: input.name,
    country: input.country,
    inn: req.inn,
    kpp: req.kpp,
    ogrn: req.ogrn,
    eik: req.eik,
    vat_number: req.vatNumber,
    vat_payer: input.vatPayer,
    address: text(input.address),
    bank_name: text(input.bankName),
    bik: req.bik,
    settlement_account: req.settlementAccount,
    correspondent_account: req.corrAccount,
    iban: req.iban,
    bic,
    director: text(input.director),
    accountant: text(input.accountant),
    default_currency: input.defaultCurrency,
  };
}

export async function createLegalEntity(db: Db, user: AuthUser, input: CreateLegalEntity): Promise<LegalEntity> {
  assertManager(user);
  const v = prepare(input, null);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertLegalEntity(trx, {
      ...v,
      workspace_id: user.workspaceId,
      name: input.name,
      country: input.country,
      vat_payer: input.vatPayer ?? true,
      // Bulgaria invoices in euro since 2026-01-01.
      default_currency: input.defaultCurrency ?? (input.country === 'RU' ? 'RUB' : 'EUR'),
      created_by: user.id,
      deleted_at: null,
    });
    const after = await readOne(trx, user, id);
    await recordAudit(trx, user, { entity: 'legal_entity', entityId: id, action: 'create', after });
    return after;
  });
}

export async function updateLegalEntity(db: Db, user: AuthUser, id: string, input: UpdateLegalEntity): Promise<LegalEntity> {
  assertManager(user);
  const before = await readOne(db, user, id);
  const { version, ...fields } = input;
  const values = prepare(fields, before);
  return db.transaction().execute(async (trx) => {
    if (!(await repo.updateLegalEntityRow(trx, user.workspaceId, id, version, values))) throw PlatformErrors.VERSION_CONFLICT();
    const after = await readOne(trx, user, id);
    await recordAudit(trx, user, { entity: 'legal_entity', entityId: id, action: 'update', before, after });
    return after;
  });
}

/** Moves a legal entity to the bin, unless documents or invoices still name it (409). */
export async function deleteLegalEntity(db: Db, user: AuthUser, id: string): Promise<void> {
  assertManager(user);
  await db.transaction().execute(async (trx) => {
    const before = await readOne(trx, user, id);
    for (const check of useChecks) if (await check(trx, user.workspaceId, id)) throw LegalEntityErrors.LEGAL_ENTITY_IN_USE();
    await repo.setDeleted(trx, user.workspaceId, id, true);
    await recordAudit(trx, user, { entity: 'legal_entity', entityId: id, action: 'delete', before });
  });
}

export async function restoreLegalEntity(db: Db, user: AuthUser, id: string): Promise<LegalEntity> {
  assertManager(user);
  return db.transaction().execute(async (trx) => {
    const before = await readOne(trx, user, id, true);
    if (!before.deletedAt) return before;
    await repo.setDeleted(trx, user.workspaceId, id, false);
    const after = await readOne(trx, user, id);
    await recordAudit(trx, user, { entity: 'legal_entity', entityId: id, action: 'restore', before, after });
    return after;
  });
}

/** The image type read from its first bytes; the name and the client's content type are not trusted. */
export function sniffImage(bytes: Buffer): string | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export async function putLegalEntityImage(
  db: Db,
  user: AuthUser,
  id: string,
  kind: LegalEntityImageKind,
  body: unknown,
): Promise<LegalEntity> {
  assertManager(user);
  if (!Buffer.isBuffer(body) || body.length === 0)
    throw PlatformErrors.VALIDATION({ fields: [{ path: 'body', code: 'legalEntities.imageRequired' }] });
  const mime = sniffImage(body);
  if (!mime) throw PlatformErrors.VALIDATION({ fields: [{ path: 'body', code: 'legalEntities.imageType' }] });
  return db.transaction().execute(async (trx) => {
    const before = await readOne(trx, user, id);
    await repo.putImage(trx, user.workspaceId, id, kind, mime, body);
    const after = await readOne(trx, user, id);
    await recordAudit(trx, user, { entity: 'legal_entity', entityId: id, action: 'update', before, after });
    return after;
  });
}

export async function getLegalEntityImage(db: Db, user: AuthUser, id: string, kind: LegalEntityImageKind) {
  if (kind === 'logo') assertLister(user);
  else assertReader(user);
  await readOne(db, user, id);
  const image = await repo.findImage(db, user.workspaceId, id, kind);
  if (!image) throw LegalEntityErrors.LEGAL_ENTITY_IMAGE_NOT_FOUND();
  return { mimeType: image.mime_type, bytes: image.bytes };
}

export async function deleteLegalEntityImage(db: Db, user: AuthUser, id: string, kind: LegalEntityImageKind): Promise<void> {
  assertManager(user);
  await db.transaction().execute(async (trx) => {
    const before = await readOne(trx, user, id);
    if (!(await repo.deleteImage(trx, user.workspaceId, id, kind))) throw LegalEntityErrors.LEGAL_ENTITY_IMAGE_NOT_FOUND();
    const after = await readOne(trx, user, id);
    await recordAudit(trx, user, { entity: 'legal_entity', entityId: id, action: 'update', before, after });
  });
}

/** A live legal entity's id, name, country and currency (no role check: for links from contracts and documents). */
export async function findLiveLegalEntity(db: Db, workspaceId: string, id: string) {
  const row = await repo.findLegalEntityRow(db, workspaceId, id);
  if (!row || row.deleted_at) return undefined;
  return { id: row.id, name: row.name, country: row.country, defaultCurrency: row.default_currency };
}
