import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the migrations and their recorded checksums live. */
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../migrations');
export const CHECKSUMS_FILE = path.join(MIGRATIONS_DIR, 'checksums.json');

/** The migration files (not index.ts, which grows by one line per migration). */
export function migrationFiles(dir = MIGRATIONS_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.ts$/.test(f) && !f.endsWith('.test.ts'))
    .sort();
}

/** sha256 of a migration's text; line endings are normalised so a Windows checkout hashes the same. */
export function checksumOf(file: string): string {
  const text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  return `sha256:${crypto.createHash('sha256').update(text).digest('hex')}`;
}

export function readChecksums(file = CHECKSUMS_FILE): Record<string, string> {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

export type ChecksumReport = { changed: string[]; missing: string[]; added: string[] };

/** Compares the files with the record: changed (frozen file edited), missing (recorded file gone), added (new, unrecorded). */
export function compareChecksums(dir = MIGRATIONS_DIR, recorded = readChecksums()): ChecksumReport {
  const files = migrationFiles(dir);
  return {
    changed: files.filter((f) => recorded[f] !== undefined && recorded[f] !== checksumOf(path.join(dir, f))),
    missing: Object.keys(recorded).filter((f) => !files.includes(f)),
    added: files.filter((f) => recorded[f] === undefined),
  };
}

/** The record with lines for new files added; existing lines are never rewritten. */
export function withNewChecksums(dir = MIGRATIONS_DIR, recorded = readChecksums()): Record<string, string> {
  const next = { ...recorded };
  for (const f of migrationFiles(dir)) next[f] ??= checksumOf(path.join(dir, f));
  return Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
}
