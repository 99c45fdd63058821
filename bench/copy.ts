import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type Cell = string | number | boolean | null | undefined;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One value in COPY text format: \N for null, backslash escapes for the four special characters. */
function cell(v: Cell): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A text[]/uuid[] literal (elements here never need quoting: uuids and plain words). */
export const pgArray = (xs: readonly string[]) => `{${xs.join(',')}}`;

/**
 * Streams rows into a table with COPY FROM STDIN (text format), in chunks so memory stays flat and
 * the generator (this process) and PostgreSQL (its own process) work on the two cores at once.
 */
export async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: Iterable<Cell[]>): Promise<number> {
  let count = 0;
  function* chunks() {
    let buf: string[] = [];
    for (const r of rows) {
      let line = cell(r[0]);
      for (let i = 1; i < r.length; i++) line += '\t' + cell(r[i]);
      buf.push(line);
      count++;
      if (buf.length >= 2000) {
        yield buf.join('\n') + '\n';
        buf = [];
      }
    }
    if (buf.length) yield buf.join('\n') + '\n';
  }
  const sink = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  await pipeline(Readable.from(chunks()), sink);
  return count;
}

type SavedIndex = { name: string; def: string };

/**
 * Drops a table's secondary indexes (not the ones behind primary-key or unique constraints) and
 * returns their definitions: building an index once after the load is many times faster than
 * maintaining it row by row, above all the trigram GIN indexes.
 */
export async function dropSecondaryIndexes(client: pg.ClientBase, table: string): Promise<SavedIndex[]> {
  const r = await client.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i
     where i.schemaname = current_schema() and i.tablename = $1
       and not exists (select 1 from pg_constraint c where c.conindid = format('%I', i.indexname)::regclass)`,
    [table],
  );
  for (const row of r.rows) await client.query(`drop index "${row.indexname}"`);
  return r.rows.map((row) => ({ name: row.indexname, def: row.indexdef }));
}

/** Recreates indexes saved by dropSecondaryIndexes, exactly as the migrations defined them. */
export async function recreateIndexes(client: pg.ClientBase, saved: SavedIndex[]): Promise<void> {
  for (const ix of saved) await client.query(ix.def);
}

type SavedForeignKey = { table: string; name: string; def: string };

/**
 * Drops a table's foreign keys and returns their definitions. Re-adding a foreign key checks all
 * rows in one join, far cheaper than a check per loaded row; the table's own triggers (such as the
 * search lexicon's) keep firing, as they would for rows saved by the app.
 */
export async function dropForeignKeys(client: pg.ClientBase, table: string): Promise<SavedForeignKey[]> {
  const r = await client.query<{ name: string; def: string }>(
    `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
     where conrelid = format('%I', $1::text)::regclass and contype = 'f'`,
    [table],
  );
  for (const fk of r.rows) await client.query(`alter table "${table}" drop constraint "${fk.name}"`);
  return r.rows.map((fk) => ({ table, ...fk }));
}

/** Re-adds foreign keys saved by dropForeignKeys (validating every row). */
export async function recreateForeignKeys(client: pg.ClientBase, saved: SavedForeignKey[]): Promise<void> {
  for (const fk of saved) await client.query(`alter table "${fk.table}" add constraint "${fk.name}" ${fk.def}`);
}
