import type { CreateKbArticle, KbArticle, UpdateKbArticle } from '../../../contracts/kb.js';
import type { Role } from '../../platform/platform.table.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthUser } from '../../platform/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors } from '../../platform/errors.js';
import { getWorkspaceSettings, setKbEditorRoles } from '../../platform/settings.js';
import { KbErrors } from './kb.errors.js';
import * as repo from './kb.repository.js';

const ref = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

function toArticle(r: repo.ArticleRow): KbArticle {
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    category: r.category,
    tags: r.tags,
    language: r.language,
    status: r.status,
    author: ref(r.author_id, r.author_name),
    updatedBy: ref(r.updated_by, r.updated_by_name),
    version: r.version,
    publishedAt: r.published_at ? r.published_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: r.deleted_at ? r.deleted_at.toISOString() : null,
  };
}

/** Whether the caller's role writes articles in this workspace (and so sees drafts and the bin). */
export async function canEditKb(db: Db, user: AuthUser): Promise<boolean> {
  return (await getWorkspaceSettings(db, user.workspaceId)).kbEditorRoles.includes(user.role);
}

async function assertEditor(db: Db, user: AuthUser) {
  if (!(await canEditKb(db, user))) throw PlatformErrors.FORBIDDEN();
}

async function readArticle(db: Db, user: AuthUser, id: string): Promise<repo.ArticleRow> {
  const row = await repo.findArticleRow(db, user, id);
  if (!row) throw KbErrors.KB_ARTICLE_NOT_FOUND();
  return row;
}

/** One live article the caller may open (a draft only for editors), or 404. */
export async function getArticle(db: Db, user: AuthUser, id: string): Promise<KbArticle> {
  const row = await readArticle(db, user, id);
  if (row.deleted_at) throw KbErrors.KB_ARTICLE_NOT_FOUND();
  return toArticle(row);
}

export async function listArticles(
  db: Db,
  user: AuthUser,
  q: repo.ArticleFilter & { deleted?: boolean; cursor?: string; limit: number },
): Promise<{ items: Omit<KbArticle, 'body'>[]; nextCursor: string | null }> {
  // The bin is the editors'; a reader asking for it gets an empty page rather than others' drafts.
  if (q.deleted && !(await canEditKb(db, user))) return { items: [], nextCursor: null };
  const rows = await repo.listArticleRows(db, user, { ...q, after: decodeCursor(q.cursor, 'timestamptz') });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => {
      const { body: _body, ...item } = toArticle(r);
      return item;
    }),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.updated_at.toISOString(), last.id) : null,
  };
}

export async function createArticle(db: Db, user: AuthUser, input: CreateKbArticle): Promise<KbArticle> {
  await assertEditor(db, user);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertArticle(trx, user, {
      title: input.title,
      body: input.body,
      category: input.category || null,
      tags: input.tags ?? [],
      language: input.language,
      status: input.status ?? 'draft',
    });
    const article = await getArticle(trx, user, id);
    await recordAudit(trx, user, { entity: 'kb_article', entityId: id, action: 'create', after: article });
    return article;
  });
}

/** A save: a published article's previous content is kept as a version first. */
export async function updateArticle(db: Db, user: AuthUser, id: string, input: UpdateKbArticle): Promise<KbArticle> {
  await assertEditor(db, user);
  return db.transaction().execute(async (trx) => {
    const row = await readArticle(trx, user, id);
    if (row.deleted_at) throw KbErrors.KB_ARTICLE_NOT_FOUND();
    if (row.version !== input.version) throw PlatformErrors.VERSION_CONFLICT();
    if (row.status === 'published') await repo.keepVersion(trx, user, row);
    const saved = await repo.updateArticleAtVersion(trx, user, id, input.version, {
      title: input.title,
      body: input.body,
      category: input.category === undefined ? undefined : input.category || null,
      tags: input.tags,
      language: input.language,
      status: input.status,
    });
    if (!saved) throw PlatformErrors.VERSION_CONFLICT();
    const before = toArticle(row);
    const after = await getArticle(trx, user, id);
    await recordAudit(trx, user, { entity: 'kb_article', entityId: id, action: 'update', before, after });
    return after;
  });
}

export async function deleteArticle(db: Db, user: AuthUser, id: string): Promise<void> {
  await assertEditor(db, user);
  const before = await getArticle(db, user, id);
  await db.transaction().execute(async (trx) => {
    await repo.setArticleDeletedAt(trx, user, id, new Date());
    await recordAudit(trx, user, { entity: 'kb_article', entityId: id, action: 'delete', before });
  });
}

export async function restoreArticle(db: Db, user: AuthUser, id: string): Promise<KbArticle> {
  await assertEditor(db, user);
  const row = await readArticle(db, user, id);
  if (!row.deleted_at) return toArticle(row);
  return db.transaction().execute(async (trx) => {
    await repo.setArticleDeletedAt(trx, user, id, null);
    const after = await getArticle(trx, user, id);
    await recordAudit(trx, user, { entity: 'kb_article', entityId: id, action: 'restore', before: toArticle(row), after });
    return after;
  });
}

const ver = (v: { saved_by: string | null; saved_by_name: string | null; saved_at: Date }) => ({
  savedBy: ref(v.saved_by, v.saved_by_name),
  savedAt: v.saved_at.toISOString(),
});

/** The kept versions of an article the caller may open, newest first. */
export async function listVersions(db: Db, user: AuthUser, id: string) {
  await getArticle(db, user, id);
  const rows = await repo.listVersionRows(db, user, id);
  return {
    items: rows.map(({ saved_by, saved_by_name, saved_at, ...v }) => ({ ...v, ...ver({ saved_by, saved_by_name, saved_at }) })),
  };
}

export async function getVersion(db: Db, user: AuthUser, id: string, version: number) {
  await getArticle(db, user, id);
  const v = await repo.findVersionRow(db, user, id, version);
  if (!v) throw KbErrors.KB_VERSION_NOT_FOUND();
  const { saved_by, saved_by_name, saved_at, ...rest } = v;
  return { ...rest, ...ver({ saved_by, saved_by_name, saved_at }) };
}

/** Brings a kept version back as a new save (so the content it replaces is kept in turn). */
export async function restoreVersion(db: Db, user: AuthUser, id: string, version: number, current: number): Promise<KbArticle> {
  await assertEditor(db, user);
  const v = await getVersion(db, user, id, version);
  return updateArticle(db, user, id, {
    version: current,
    title: v.title,
    body: v.body,
    category: v.category,
    tags: v.tags,
    language: v.language,
    status: v.status,
  });
}

export async function listCategories(db: Db, user: AuthUser) {
  return { items: await repo.categoryRows(db, user) };
}

export async function getKbSettings(db: Db, user: AuthUser) {
  const editorRoles = (await getWorkspaceSettings(db, user.workspaceId)).kbEditorRoles;
  return { editorRoles, canEdit: editorRoles.includes(user.role) };
}

/** Admin: which roles write articles; the admin always stays among them (someone must be able to fix things). */
export async function updateKbSettings(db: Db, user: AuthUser, editorRoles: Role[]) {
  if (user.role !== 'admin') throw PlatformErrors.FORBIDDEN();
  const before = await getKbSettings(db, user);
  const roles = [...new Set<Role>(['admin', ...editorRoles])];
  await db.transaction().execute(async (trx) => {
    await setKbEditorRoles(trx, user.workspaceId, roles);
    await recordAudit(trx, user, {
      entity: 'workspace',
      entityId: user.workspaceId,
      action: 'update',
      before: { kbEditorRoles: before.editorRoles },
      after: { kbEditorRoles: roles },
    });
  });
  return getKbSettings(db, user);
}
