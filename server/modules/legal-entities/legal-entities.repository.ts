import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../platform/database.js';
import type { LegalEntitiesTable } from './legal-entities.table.js';

export type LegalEntityRow = Selectable<LegalEntitiesTable>;
export type ImageMeta = { legal_entity_id: string; kind: string; mime_type: string; size: number; updated_at: Date };

/** One legal entity of the workspace (also a deleted one), or undefined. */
export async function findLegalEntityRow(db: Db, workspaceId: string, id: string): Promise<LegalEntityRow | undefined> {
  return db.selectFrom('legal_entities').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** The workspace's legal entities by name: live ones, or the deleted ones. */
export async function listLegalEntityRows(db: Db, workspaceId: string, deleted: boolean): Promise<LegalEntityRow[]> {
  return db
    .selectFrom('legal_entities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', deleted ? 'is not' : 'is', null)
    .orderBy('name')
    .orderBy('id')
    .limit(500)
    .execute();
}

export async function insertLegalEntity(db: Db, values: Insertable<LegalEntitiesTable>): Promise<string> {
  const row = await db.insertInto('legal_entities').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Applies a change when the version still matches; false when someone else changed it first. */
export async function updateLegalEntityRow(
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  values: Updateable<LegalEntitiesTable>,
): Promise<boolean> {
  const row = await db
    .updateTable('legal_entities')
    .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

export async function setDeleted(db: Db, workspaceId: string, id: string, deleted: boolean): Promise<void> {
  await db
    .updateTable('legal_entities')
    .set((eb) => ({ deleted_at: deleted ? new Date() : null, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** What images the entities have (never the bytes). */
export async function imagesOf(db: Db, workspaceId: string, ids: string[]): Promise<ImageMeta[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('legal_entity_images')
    .select(['legal_entity_id', 'kind', 'mime_type', 'size', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('legal_entity_id', 'in', ids)
    .execute();
}

export async function findImage(db: Db, workspaceId: string, id: string, kind: string) {
  return db
    .selectFrom('legal_entity_images')
    .select(['mime_type', 'bytes'])
    .where('workspace_id', '=', workspaceId)
    .where('legal_entity_id', '=', id)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

/** Every image of one entity with its bytes (for printing them on documents). */
export async function imagesWithBytes(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('legal_entity_images')
    .select(['kind', 'mime_type', 'bytes'])
    .where('workspace_id', '=', workspaceId)
    .where('legal_entity_id', '=', id)
    .execute();
}

export async function putImage(db: Db, workspaceId: string, id: string, kind: string, mimeType: string, bytes: Buffer): Promise<void> {
  await db
    .insertInto('legal_entity_images')
    .values({ workspace_id: workspaceId, legal_entity_id: id, kind, mime_type: mimeType, size: bytes.length, bytes })
    .onConflict((oc) =>
      oc.columns(['legal_entity_id', 'kind']).doUpdateSet({ mime_type: mimeType, size: bytes.length, bytes, updated_at: new Date() }),
    )
    .execute();
}

export async function deleteImage(db: Db, workspaceId: string, id: string, kind: string): Promise<boolean> {
  const res = await db
    .deleteFrom('legal_entity_images')
    .where('workspace_id', '=', workspaceId)
    .where('legal_entity_id', '=', id)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
