// Merging two records of a kind (contacts, companies): the module that owns the record merges its
// own columns and publishes `<kind>.merged` in the merge transaction; every module that holds
// references to that kind relinks its own rows in a handler registered at composition (app.ts),
// so a core module never imports the modules that point at it. Each handler declares the FK
// columns it covers; merge.test.ts checks the database's FKs against those declarations.
import type { Db } from './database.js';
import { onEvent, publish } from './events.js';

/** The kinds of record that can be merged. */
export const MERGE_KINDS = ['contact', 'company'] as const;
export type MergeKind = (typeof MERGE_KINDS)[number];

/** What a merge says: `mergedId` was folded into `keptId` (and is now in the trash). */
export type MergedPayload = { keptId: string; mergedId: string; workspaceId: string };

declare module './events.js' {
  interface DomainEvents {
    'contact.merged': MergedPayload;
    'company.merged': MergedPayload;
  }
}

const covered = new Map<MergeKind, Map<string, string[]>>();

/**
 * Registers a relinking handler for merges of `kind`; `covers` lists the `table.column` FKs (or
 * array columns) it moves from the merged record to the kept one. Keyed by name, so composing
 * twice replaces.
 */
export function onMerge(kind: MergeKind, name: string, decl: { covers: string[] }, fn: (trx: Db, p: MergedPayload) => Promise<void>): void {
  let byName = covered.get(kind);
  if (!byName) covered.set(kind, (byName = new Map()));
  byName.set(name, decl.covers);
  onEvent(`${kind}.merged`, `merge:${name}`, (trx, e) => fn(trx, e.payload));
}

/** Every `table.column` some handler covers for merges of `kind`. */
export function coveredColumns(kind: MergeKind): Set<string> {
  return new Set([...(covered.get(kind)?.values() ?? [])].flat());
}

/** Publishes the merge in the caller's transaction; the handlers relink their rows now. */
export async function publishMerged(trx: Db, kind: MergeKind, actorId: string | null, p: MergedPayload): Promise<void> {
  await publish(trx, `${kind}.merged`, { workspaceId: p.workspaceId, actorId, payload: p });
}
