import crypto from 'node:crypto';
import type { DocumentDto, LinkBody, ListDocumentsQuery } from '../../../contracts/documents.js';
import { canEditRecord, type AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { hasBadCharacters } from '../../platform/input.js';
import { canSeeRecord, findRecordKind, namesOfRefs } from '../../platform/registry.js';
import { recordAudit } from '../../platform/audit.js';
import { addTimelineEvent } from '../../platform/timeline.js';
import { DocumentErrors, DocumentFieldCodes } from './documents.errors.js';
import { linkableKinds } from './documents.record.js';
import * as repo from './documents.repository.js';
import { sniff } from './documents.sniff.js';
import type { DocumentStorage } from './documents.storage.js';
import type { DocumentStorageKind } from './documents.table.js';

export type Storages = { current: DocumentStorage; byKind: (k: DocumentStorageKind) => DocumentStorage };
export type Upload = { name: string; bytes: Buffer };

type Access = 'hidden' | 'readonly' | 'editable';

/** What the caller may do with one record of any registered kind (documents themselves excluded). */
async function recordAccess(db: Db, user: AuthUser, kind: string, id: string): Promise<Access> {
  const def = findRecordKind(kind);
  if (!def || !linkableKinds().includes(kind)) return 'hidden';
  if (!(await canSeeRecord(db, user, kind, id))) return 'hidden';
  if (!def.owned) return canEditRecord(user, null, false) ? 'editable' : 'readonly';
  const r = await repo.ownerAndShare(db, user, def.table, kind, id);
  return r && canEditRecord(user, r.owner_id, r.shared) ? 'editable' : 'readonly';
}

/** A record a document is to be attached to: a registered kind the caller may change, else 422/403. */
async function assertAttachable(db: Db, user: AuthUser, target: LinkBody): Promise<void> {
  if (!linkableKinds().includes(target.entity))
    throw PlatformErrors.VALIDATION({ fields: [{ path: 'entity', code: DocumentFieldCodes.unknownEntity }] });
  const access = await recordAccess(db, user, target.entity, target.entityId);
  if (access === 'hidden') throw PlatformErrors.VALIDATION({ fields: [{ path: 'entityId', code: DocumentFieldCodes.recordNotFound }] });
  if (access === 'readonly') throw PlatformErrors.RECORD_READ_ONLY();
}

/** A file name as stored: no folders, no control characters, bounded; refused when it carries NUL. */
export function cleanName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  if (hasBadCharacters(base)) throw PlatformErrors.VALIDATION({ fields: [{ path: 'file', code: DocumentFieldCodes.badName }] });

  const name = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name.length > 255) {
    const ext = /\.[^.]{1,10}$/.exec(name)?.[0] ?? '';
    return name.slice(0, 255 - ext.length) + ext;
  }
  return name || 'file';
}

async function sniffed(file: Upload): Promise<{ mimeType: string; sha256: string }> {
  const s = await sniff(file.bytes, file.name);
  if (!s.ok) throw PlatformErrors.VALIDATION({ fields: [{ path: 'file', code: DocumentFieldCodes[s.rule] }] });
  return { mimeType: s.mimeType, sha256: crypto.createHash('sha256').update(file.bytes).digest('hex') };
}

/** Rows -> API objects, with linked records' names as the viewer may read them. */
async function toDocuments(db: Db, user: AuthUser, rows: repo.DocumentRow[], editable?: boolean): Promise<DocumentDto[]> {
  const ids = rows.map((r) => r.id);
  const [versions, links] = await Promise.all([repo.versionsOf(db, user.workspaceId, ids), repo.linksOf(db, user.workspaceId, ids)]);
  const names = await namesOfRefs(
    db,
    user,
    links.map((l) => ({ kind: l.entity, id: l.entity_id })),
  );
  // A page of documents mostly shares its links (the record being listed): ask about each record once.
  const access = new Map<string, Promise<Access>>();
  const accessOf = (kind: string, id: string) => {
    const key = `${kind}:${id}`;
    if (!access.has(key)) access.set(key, recordAccess(db, user, kind, id));
    return access.get(key)!;
  };
  const out: DocumentDto[] = [];
  for (const r of rows) {
    const vs = versions.filter((v) => v.document_id === r.id);
    const cur = vs.find((v) => v.version === r.current_version) ?? vs[0];
    const ls = links.filter((l) => l.document_id === r.id);
    let canEdit = editable ?? false;
    if (editable === undefined)
      for (const l of ls)
        if (names.has(`${l.entity}:${l.entity_id}`) && (await accessOf(l.entity, l.entity_id)) === 'editable') {
          canEdit = true;
          break;
        }
    out.push({
      id: r.id,
      name: cur.name,
      mimeType: cur.mime_type,
      size: Number(cur.size),
      sha256: cur.sha256,
      version: r.current_version,
      versions: vs.map((v) => ({
        version: v.version,
        name: v.name,
        mimeType: v.mime_type,
        size: Number(v.size),
        sha256: v.sha256,
        createdBy: v.created_by,
        createdAt: v.created_at.toISOString(),
      })),
      links: ls.map((l) => {
        const name = names.get(`${l.entity}:${l.entity_id}`);
        return { entity: l.entity, entityId: l.entity_id, name: name ?? null, hidden: name === undefined };
      }),
      canEdit,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      deletedAt: r.deleted_at?.toISOString() ?? null,
    });
  }
  return out;
}

/** What the audit log keeps: the document without linked records' names. */
const snapshot = (d: DocumentDto) => ({
  name: d.name,
  mimeType: d.mimeType,
  size: d.size,
  sha256: d.sha256,
  version: d.version,
  links: d.links.map((l) => ({ entity: l.entity, entityId: l.entityId })),
  deletedAt: d.deletedAt,
});

async function loadOne(db: Db, user: AuthUser, id: string): Promise<DocumentDto> {
  const row = await repo.findDocument(db, user, id);
  if (!row) throw DocumentErrors.DOCUMENT_NOT_FOUND();
  return (await toDocuments(db, user, [row]))[0];
}

/** Locks a document the caller may change (through an editable linked record): 404 unseen, 403 read-only. */
async function lockForChange(trx: Db, user: AuthUser, id: string): Promise<{ row: repo.DocumentRow; before: DocumentDto }> {
  const row = await repo.findDocument(trx, user, id, { forUpdate: true });
  if (!row) throw DocumentErrors.DOCUMENT_NOT_FOUND();
  const before = (await toDocuments(trx, user, [row]))[0];
  if (!before.canEdit) throw PlatformErrors.RECORD_READ_ONLY();
  return { row, before };
}

const timelineData = (d: DocumentDto) => ({ name: d.name, version: d.version, mimeType: d.mimeType, size: d.size });

async function onTimeline(trx: Db, user: AuthUser, d: DocumentDto, targets: { entity: string; entityId: string }[]) {
  for (const t of targets)
    await addTimelineEvent(trx, {
      workspaceId: user.workspaceId,
      entity: t.entity,
      entityId: t.entityId,
      kind: 'document',
      userId: user.id,
      refEntity: 'document',
      refId: d.id,
      body: d.name,
      data: timelineData(d),
    });
}

/** Stores an upload as a new document attached to one record; its timeline shows the upload. */
export async function createDocument(db: Db, storage: Storages, user: AuthUser, target: LinkBody, file: Upload): Promise<DocumentDto> {
  await assertAttachable(db, user, target);
  const { mimeType, sha256 } = await sniffed(file);
  const store = storage.current;
  // The filesystem provider writes before the transaction: its blob is content-addressed, so a
  // rollback leaves at worst an unreferenced file, never a row without its bytes.
  if (store.kind === 'filesystem') await store.put(db, user.workspaceId, sha256, file.bytes);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertDocument(trx, user.workspaceId, user.id);
    if (store.kind === 'database') await store.put(trx, user.workspaceId, sha256, file.bytes);
    await repo.insertVersion(trx, {
      document_id: id,
      version: 1,
      workspace_id: user.workspaceId,
      name: file.name,
      mime_type: mimeType,
      size: file.bytes.length,
      sha256,
      storage: store.kind,
      created_by: user.id,
    });
    await repo.insertLink(trx, {
      document_id: id,
      workspace_id: user.workspaceId,
      entity: target.entity,
      entity_id: target.entityId,
      created_by: user.id,
    });
    const doc = await loadOne(trx, user, id);
    await recordAudit(trx, user, { entity: 'document', entityId: id, action: 'create', after: snapshot(doc) });
    await onTimeline(trx, user, doc, [target]);
    return doc;
  });
}

/** Adds a version; the document then shows it, older ones stay downloadable. */
export async function addVersion(db: Db, storage: Storages, user: AuthUser, id: string, file: Upload): Promise<DocumentDto> {
  const { mimeType, sha256 } = await sniffed(file);
  const store = storage.current;
  // Access first, so someone who cannot see the document cannot even have bytes written.
  if (!(await repo.findDocument(db, user, id))) throw DocumentErrors.DOCUMENT_NOT_FOUND();
  if (store.kind === 'filesystem') await store.put(db, user.workspaceId, sha256, file.bytes);
  return db.transaction().execute(async (trx) => {
    const { row, before } = await lockForChange(trx, user, id);
    const version = row.current_version + 1;
    if (store.kind === 'database') await store.put(trx, user.workspaceId, sha256, file.bytes);
    await repo.insertVersion(trx, {
      document_id: id,
      version,
      workspace_id: user.workspaceId,
      name: file.name,
      mime_type: mimeType,
      size: file.bytes.length,
      sha256,
      storage: store.kind,
      created_by: user.id,
    });
    await repo.setCurrentVersion(trx, id, version);
    const doc = await loadOne(trx, user, id);
    await recordAudit(trx, user, { entity: 'document', entityId: id, action: 'update', before: snapshot(before), after: snapshot(doc) });
    await onTimeline(
      trx,
      user,
      doc,
      doc.links.filter((l) => !l.hidden),
    );
    return doc;
  });
}

/** One document the caller may see (from the trash too), or 404. */
export async function getDocument(db: Db, user: AuthUser, id: string): Promise<DocumentDto> {
  return loadOne(db, user, id);
}

/** The documents of one record the caller may open, newest first; 404 for a record they cannot. */
export async function listDocuments(db: Db, user: AuthUser, q: ListDocumentsQuery) {
  if (!linkableKinds().includes(q.entity))
    throw PlatformErrors.VALIDATION({ fields: [{ path: 'entity', code: DocumentFieldCodes.unknownEntity }] });
  const access = await recordAccess(db, user, q.entity, q.entityId);
  if (access === 'hidden') throw DocumentErrors.DOCUMENT_NOT_FOUND();
  const rows = await repo.listForRecord(db, user, {
    entity: q.entity,
    entityId: q.entityId,
    deleted: q.deleted === 'true',
    after: decodeCursor(q.cursor, 'timestamptz'),
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  // Editing the record lets one edit its documents; otherwise each document is judged by its links.
  const items = await toDocuments(db, user, page, access === 'editable' ? true : undefined);
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.created_key, last.id) : null };
}

/** The bytes of a version (the current one by default) with what the download headers need. */
export async function documentContent(db: Db, storage: Storages, user: AuthUser, id: string, version?: number) {
  const row = await repo.findDocument(db, user, id);
  if (!row) throw DocumentErrors.DOCUMENT_NOT_FOUND();
  const wanted = version ?? row.current_version;
  const v = (await repo.versionsOf(db, user.workspaceId, [id])).find((x) => x.version === wanted);
  if (!v) throw DocumentErrors.DOCUMENT_VERSION_NOT_FOUND();
  const bytes = await storage.byKind(v.storage).get(db, user.workspaceId, v.sha256);
  if (!bytes) throw new Error(`document ${id} version ${wanted}: bytes missing from ${v.storage} storage`);
  return { name: v.name, mimeType: v.mime_type, sha256: v.sha256, bytes };
}

/** Attaches the document to one more record (which the caller may change); its timeline shows it. */
export async function linkDocument(db: Db, user: AuthUser, id: string, target: LinkBody): Promise<DocumentDto> {
  return db.transaction().execute(async (trx) => {
    const { before } = await lockForChange(trx, user, id);
    await assertAttachable(trx, user, target);
    const added = await repo.insertLink(trx, {
      document_id: id,
      workspace_id: user.workspaceId,
      entity: target.entity,
      entity_id: target.entityId,
      created_by: user.id,
    });
    const doc = await loadOne(trx, user, id);
    if (added) {
      await recordAudit(trx, user, { entity: 'document', entityId: id, action: 'update', before: snapshot(before), after: snapshot(doc) });
      await onTimeline(trx, user, doc, [target]);
    }
    return doc;
  });
}

/** Detaches the document from a record the caller can see; the last link cannot go (delete instead). */
export async function unlinkDocument(db: Db, user: AuthUser, id: string, target: LinkBody): Promise<DocumentDto> {
  return db.transaction().execute(async (trx) => {
    const { before } = await lockForChange(trx, user, id);
    const link = before.links.find((l) => l.entity === target.entity && l.entityId === target.entityId && !l.hidden);
    if (!link) throw DocumentErrors.DOCUMENT_NOT_FOUND();
    if (before.links.length === 1) throw PlatformErrors.VALIDATION({ fields: [{ path: 'entityId', code: DocumentFieldCodes.lastLink }] });
    await repo.deleteLink(trx, { document_id: id, entity: target.entity, entity_id: target.entityId });
    // The caller may have reached the document only through the link just removed.
    const row = await repo.findDocument(trx, user, id);
    const doc = row ? (await toDocuments(trx, user, [row]))[0] : { ...before, links: before.links.filter((l) => l !== link) };
    await recordAudit(trx, user, { entity: 'document', entityId: id, action: 'update', before: snapshot(before), after: snapshot(doc) });
    return doc;
  });
}

/** Moves a document to the trash (restorable). */
export async function deleteDocument(db: Db, user: AuthUser, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { row, before } = await lockForChange(trx, user, id);
    if (row.deleted_at) throw DocumentErrors.DOCUMENT_NOT_FOUND();
    await repo.setDeleted(trx, id, new Date());
    const doc = await loadOne(trx, user, id);
    await recordAudit(trx, user, { entity: 'document', entityId: id, action: 'delete', before: snapshot(before), after: snapshot(doc) });
  });
}

/** Brings a document back from the trash. */
export async function restoreDocument(db: Db, user: AuthUser, id: string): Promise<DocumentDto> {
  return db.transaction().execute(async (trx) => {
    const { row, before } = await lockForChange(trx, user, id);
    if (!row.deleted_at) throw DocumentErrors.DOCUMENT_NOT_FOUND();
    await repo.setDeleted(trx, id, null);
    const doc = await loadOne(trx, user, id);
    await recordAudit(trx, user, { entity: 'document', entityId: id, action: 'restore', before: snapshot(before), after: snapshot(doc) });
    return doc;
  });
}
