import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/database.js';
import type { DocumentTemplatesTable } from './templates.table.js';

export type TemplateRow = Omit<Selectable<DocumentTemplatesTable>, 'bytes'>;
const columns = [
  'id',
  'workspace_id',
  'name',
  'language',
  'file_name',
  'size',
  'sha256',
  'placeholders',
  'created_by',
  'created_at',
] as const;

/** The workspace's uploaded templates by name (never their bytes). */
export async function listTemplateRows(db: Db, workspaceId: string): Promise<TemplateRow[]> {
  return db
    .selectFrom('document_templates')
    .select(columns)
    .where('workspace_id', '=', workspaceId)
    .orderBy('name')
    .orderBy('id')
    .limit(500)
    .execute();
}

export async function findTemplateRow(db: Db, workspaceId: string, id: string): Promise<TemplateRow | undefined> {
  return db
    .selectFrom('document_templates')
    .select(columns)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function templateBytes(db: Db, workspaceId: string, id: string): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('document_templates')
    .select('bytes')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.bytes;
}

export async function insertTemplate(db: Db, values: Insertable<DocumentTemplatesTable>): Promise<string> {
  return (await db.insertInto('document_templates').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function deleteTemplateRow(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('document_templates').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
