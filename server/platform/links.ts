// Names and details of linked records, as one viewer may read them. Everything that shows "some
// other record" (a timeline entry about a deal, an audit snapshot naming a company) passes through
// here, and through the registry's visibility: what the viewer may not open is shown as a hidden
// record (no name, no text), never by name. One query per kind per response (namesOfRefs).
import type { AuthUser } from './auth.js';
import type { Db } from './database.js';
import { isRecordKind, namedLinks, namesOfRefs, type NamedLink, type RecordRef } from './registry.js';

// ---------------------------------------------------------------- timelines

type TimelineItem = {
  kind: string;
  refEntity: string | null;
  refId: string | null;
  body: string | null;
  data: Record<string, unknown>;
};

/**
 * What of an event about a hidden record stays: the fields that are not details of that record.
 * A hidden deal's events keep only that something happened (no title, stage, amount, comment); a
 * hidden activity keeps its type (a call, a meeting) and when it was done, not its subject, notes
 * or outcome. Kinds not listed keep nothing of `data`.
 */
const KEPT_WHEN_HIDDEN: Record<string, readonly string[]> = {
  activity: ['type', 'doneAt'],
  deal_created: [],
  deal_stage: [],
  deal_deleted: [],
  deal_restored: [],
  merged: [],
};

/**
 * Marks timeline events whose referenced record the viewer may not see as hidden, without body or
 * details; the others get `hidden: false`. Events without a reference (notes, creation) are the
 * timeline owner's own and stay as they are.
 */
export async function timelineForViewer<T extends TimelineItem>(
  db: Db,
  viewer: AuthUser,
  items: T[],
): Promise<(T & { hidden: boolean })[]> {
  const refs: RecordRef[] = items.flatMap((e) =>
    e.refEntity && e.refId && isRecordKind(e.refEntity) ? [{ kind: e.refEntity, id: e.refId }] : [],
  );
  const names = refs.length ? await namesOfRefs(db, viewer, refs) : new Map<string, string>();
  return items.map((e) => {
    if (!e.refEntity || !e.refId || names.has(`${e.refEntity}:${e.refId}`)) return { ...e, hidden: false };
    const kept = KEPT_WHEN_HIDDEN[e.kind] ?? [];
    const data = Object.fromEntries(Object.entries(e.data ?? {}).filter(([k]) => kept.includes(k)));
    return { ...e, body: null, data, hidden: true };
  });
}

// ---------------------------------------------------------------- snapshots (audit, events)

type Json = unknown;

function walk(v: Json, visit: (o: Record<string, unknown>) => void) {
  if (Array.isArray(v)) v.forEach((x) => walk(x, visit));
  else if (v && typeof v === 'object') {
    visit(v as Record<string, unknown>);
    for (const x of Object.values(v)) walk(x, visit);
  }
}

const isNamedBy = (o: Record<string, unknown>, l: NamedLink) =>
  typeof o[l.idKey] === 'string' && (l.nameKeys.some((k) => k in o) || (l.linkKey !== undefined && l.linkKey in o));

/**
 * Copies of stored snapshots (audit before/after) with the names of linked records the viewer
 * may not see now replaced by null (and link objects marked hidden). Judged at read time: a company
 * given to another manager since the entry was written is hidden from then on.
 */
export async function snapshotsForViewer<T extends Json>(db: Db, viewer: AuthUser, docs: T[]): Promise<T[]> {
  // Each kind declares its own links in the registry (RecordKind.links); any snapshot may hold
  // objects of any kind nested (a deal's contacts), so every declaration applies everywhere.
  const links = namedLinks();
  const refs: RecordRef[] = [];
  for (const d of docs)
    walk(d, (o) => {
      for (const l of links) if (isNamedBy(o, l)) refs.push({ kind: l.kind, id: o[l.idKey] as string });
    });
  if (!refs.length) return docs;
  const names = await namesOfRefs(db, viewer, refs);
  return docs.map((d) => {
    if (!d || typeof d !== 'object') return d;
    const copy = structuredClone(d);
    walk(copy, (o) => {
      for (const l of links) {
        if (!isNamedBy(o, l) || names.has(`${l.kind}:${o[l.idKey] as string}`)) continue;
        for (const k of l.nameKeys) if (k in o) o[k] = null;
        if (l.linkKey && o[l.linkKey] && typeof o[l.linkKey] === 'object') o[l.linkKey] = { id: o[l.idKey], name: null, hidden: true };
        if ('hidden' in o || l.markHidden) o.hidden = true;
      }
    });
    return copy;
  });
}
