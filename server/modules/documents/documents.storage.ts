// Where document bytes live, chosen by config (ORBITA_DOCUMENTS_STORAGE). Both providers are
// content-addressed by sha256, so writing the same bytes twice is harmless and a version row only
// needs its hash and which provider holds it.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../platform/database.js';
import type { DocumentStorageKind } from './documents.table.js';

export type DocumentStorage = {
  kind: DocumentStorageKind;
  /** Stores the bytes; the database provider writes in the caller's transaction. */
  put: (db: Db, workspaceId: string, sha256: string, bytes: Buffer) => Promise<void>;
  get: (db: Db, workspaceId: string, sha256: string) => Promise<Buffer | undefined>;
};

/** Bytes in PostgreSQL, in their own table: the backup and every instance see them with nothing else. */
export const databaseStorage: DocumentStorage = {
  kind: 'database',
  put: async (db, workspaceId, sha256, bytes) => {
    await db
      .insertInto('document_contents')
      .values({ workspace_id: workspaceId, sha256, bytes })
      .onConflict((oc) => oc.columns(['workspace_id', 'sha256']).doNothing())
      .execute();
  },
  get: async (db, workspaceId, sha256) =>
    (
      await db
        .selectFrom('document_contents')
        .select('bytes')
        .where('workspace_id', '=', workspaceId)
        .where('sha256', '=', sha256)
        .executeTakeFirst()
    )?.bytes,
};

/**
 * Files in a folder, `<dir>/<aa>/<sha256>`. Written as a temp file, fsynced, then renamed (and the
 * folder fsynced), so a crash leaves either the whole file or none, never a torn one. A file whose
 * transaction then rolls back stays as an unreferenced blob: harmless, and reused by the next
 * upload of the same bytes.
 */
export function filesystemStorage(dir: string): DocumentStorage {
  const fileOf = (sha256: string) => path.join(dir, sha256.slice(0, 2), sha256);
  return {
    kind: 'filesystem',
    put: async (_db, _workspaceId, sha256, bytes) => {
      const target = fileOf(sha256);
      const folder = path.dirname(target);
      await fs.mkdir(folder, { recursive: true });
      try {
        await fs.access(target);
        return;
      } catch {
        // not there yet
      }
      const temp = path.join(folder, `.${sha256}.${crypto.randomBytes(6).toString('hex')}.tmp`);
      const fh = await fs.open(temp, 'wx', 0o600);
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      try {
        await fs.rename(temp, target);
      } catch (e) {
        await fs.rm(temp, { force: true });
        throw e;
      }
      const d = await fs.open(folder, 'r');
      try {
        await d.sync();
      } finally {
        await d.close();
      }
    },
    get: async (_db, _workspaceId, sha256) => {
      try {
        return await fs.readFile(fileOf(sha256));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
  };
}

/** The provider new uploads go to, and a reader for whichever provider holds an older version. */
export function storageFor(settings: { storage: DocumentStorageKind; dir: string }) {
  const fsStorage = filesystemStorage(settings.dir);
  return {
    current: settings.storage === 'filesystem' ? fsStorage : databaseStorage,
    byKind: (kind: DocumentStorageKind) => (kind === 'filesystem' ? fsStorage : databaseStorage),
  };
}
