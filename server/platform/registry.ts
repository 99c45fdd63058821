// The records registry: the one list of entity kinds. Each kind registers once, at composition
// (server/app.ts), with its table, how to name a record and who may see it. Everything that shows
// or accepts a reference to "some record" (audit, timeline, shares, notes, merge, search, feeds,
// exports, webhooks) reads it here instead of keeping its own list, and gets linked records'
// names only through namesAmong, so a record the viewer may not open is never named.
import { sql, type RawBuilder } from 'kysely';
import type { ErrorFactory } from './errors.js';
import { visibleTo, type AuthUser } from './auth.js';
import type { Db } from './database.js';

/**
 * The routes of one record that server/modules/records generates under `/api/v1/<segment>/:id/`,
 * the same for every kind that declares them. The kind's table has `deleted_at`: records in the
 * bin answer the kind's 404 (unless `readableInBin`, and then for reads only).
 */
export type RecordApi = {
  /** The kind's path segment under /api/v1 (`contacts`); also the OpenAPI tag. */
  segment: string;
  /** The declared 404 for a record the caller may not open, as the kind's own routes answer. */
  notFound: ErrorFactory;
  /** `GET .../timeline`: the record's timeline, newest first. */
  timeline?: boolean;
  /** `POST .../notes`: anyone who may open the record adds a note to its timeline. */
  notes?: boolean;
  /** `GET|POST .../shares`, `DELETE .../shares/:userId`; sharing takes the right to change the record. Owned kinds only. */
  shares?: boolean;
  /** The reads (timeline, shares) also answer for a record in the bin (a deleted deal's timeline). */
  readableInBin?: boolean;
};

/**
 * A field of a kind's API objects (and so of its audit snapshots and webhook payloads) that links
 * to a record of another kind beside that record's name. snapshotsForViewer hides the name from a
 * viewer who may not open the linked record, wherever in a snapshot the object sits.
 */
export type NamedLink = {
  /** The id field: `companyId`. */
  idKey: string;
  /** The kind it links to. */
  kind: string;
  /** Fields beside the id that carry the linked record's name (`companyName`); nulled when hidden. */
  nameKeys: readonly string[];
  /** A `{ id, name, hidden }` object beside the id (`company`), replaced by the hidden shape. */
  linkKey?: string;
  /** The object gets `hidden: true` even when it has no such field (a contact's links to people). */
  markHidden?: boolean;
};

export type RecordKind = {
  /** The kind as the API spells it: `contact`, `company`, `deal`, `activity`. */
  kind: string;
  /** Its table; every row has `id` (uuid) and `workspace_id`. */
  table: string;
  /** SQL of a record's display name over the table alias. */
  name: (alias: string) => RawBuilder<string>;
  /**
   * Whether records have an owner and can be shared: then access is `visibleTo` (owner, team,
   * shares). Kinds without an owner are visible to every member of the workspace.
   */
  owned: boolean;
  /** A different access predicate over the alias, for kinds whose access is not the owner's. */
  visible?: (user: AuthUser, alias: string) => RawBuilder<boolean>;
  /** The record's page in the web interface. */
  webPath: (id: string) => string;
  /** Whether two records of this kind can be merged (references are then relinked by handlers). */
  mergeable?: boolean;
  /** Its generic per-record routes (timeline, notes, shares); none without. */
  api?: RecordApi;
  /** Which fields of its API objects name a record of another kind (what snapshots hide). */
  links?: readonly NamedLink[];
};

const kinds = new Map<string, RecordKind>();

/** Registers (or replaces) a record kind. */
export function registerRecordKind(def: RecordKind): void {
  kinds.set(def.kind, def);
}

/** The registered kind, or undefined for anything else (also `constructor`, `__proto__`). */
export function findRecordKind(kind: string): RecordKind | undefined {
  return kinds.get(kind);
}

export function isRecordKind(kind: string): boolean {
  return kinds.has(kind);
}

/** Every registered kind, in registration order. */
export function recordKinds(): string[] {
  return [...kinds.keys()];
}

/** The named links every registered kind declares, in registration order. */
export function namedLinks(): NamedLink[] {
  return [...kinds.values()].flatMap((k) => k.links ?? []);
}

function getKind(kind: string): RecordKind {
  const def = kinds.get(kind);
  if (!def) throw new Error(`record kind ${kind} is not registered`);
  return def;
}

/** Record-level access of the caller to `kind` over `alias`, as a SQL predicate. */
export function visibilityOf(user: AuthUser, kind: string, alias: string): RawBuilder<boolean> {
  const def = getKind(kind);
  if (def.visible) return def.visible(user, alias);
  return def.owned ? visibleTo(user, kind, alias) : sql<boolean>`true`;
}

/**
 * SQL of a linked record's name over `alias` as the caller may read it: the name when they may
 * open the record, null otherwise. For lists and boards that join the linked table anyway, so
 * hundreds of rows get their links' names in the same round trip, through the same predicate
 * (and workspace) namesAmong uses.
 */
export function visibleNameOf(user: AuthUser, kind: string, alias: string): RawBuilder<string | null> {
  const def = getKind(kind);
  // The workspace is checked here, not by each join: a link to another workspace's record (bad data,
  // a faulty import) is then hidden wherever a name is read, for an admin too, whose visibility is
  // no filter at all.
  return sql<
    string | null
  >`(case when ${sql.ref(`${alias}.workspace_id`)} = ${user.workspaceId} and ${visibilityOf(user, kind, alias)} then ${def.name(alias)} end)`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type NameRow = { id: string; name: string | null };

async function visibleRows(db: Db, user: AuthUser, kind: string, ids: readonly string[]): Promise<NameRow[]> {
  const def = getKind(kind);
  const wanted = [...new Set(ids.filter((id) => typeof id === 'string' && UUID.test(id)))];
  if (!wanted.length) return [];
  const r = await sql<NameRow>`select r.id, ${def.name('r')} as name from ${sql.table(def.table)} r
    where r.workspace_id = ${user.workspaceId} and r.id = any(${wanted}::uuid[]) and ${visibilityOf(user, kind, 'r')}`.execute(db);
  return r.rows;
}

/** Which of `ids` (of one kind) the caller may open; soft-deleted ones included (they open from the trash). */
export async function visibleAmong(db: Db, user: AuthUser, kind: string, ids: readonly string[]): Promise<Set<string>> {
  return new Set((await visibleRows(db, user, kind, ids)).map((r) => r.id));
}

/** Names of those of `ids` the caller may open; an id missing from the map is to be shown as hidden. */
export async function namesAmong(db: Db, user: AuthUser, kind: string, ids: readonly string[]): Promise<Map<string, string>> {
  return new Map((await visibleRows(db, user, kind, ids)).map((r) => [r.id, r.name ?? '']));
}

/** Whether the caller may open one record of a kind (false for unknown kinds). */
export async function canSeeRecord(db: Db, user: AuthUser, kind: string, id: string): Promise<boolean> {
  if (!kinds.has(kind)) return false;
  return (await visibleAmong(db, user, kind, [id])).has(id);
}

export type RecordRef = { kind: string; id: string };

/**
 * Names of references of mixed kinds (a timeline, a feed), keyed `kind:id`; one query per kind.
 * Unknown kinds and invisible records are left out, so callers show them as hidden.
 */
export async function namesOfRefs(db: Db, user: AuthUser, refs: readonly RecordRef[]): Promise<Map<string, string>> {
  const byKind = new Map<string, string[]>();
  for (const r of refs) if (kinds.has(r.kind)) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.id]);
  const out = new Map<string, string>();
  for (const [kind, ids] of byKind) for (const [id, name] of await namesAmong(db, user, kind, ids)) out.set(`${kind}:${id}`, name);
  return out;
}
