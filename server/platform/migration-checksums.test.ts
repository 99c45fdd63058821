import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolEnv } from './config.js';
import {
  CHECKSUMS_FILE,
  MIGRATIONS_DIR,
  checksumOf,
  compareChecksums,
  migrationFiles,
  readChecksums,
  withNewChecksums,
} from './migration-checksums.js';

// Frozen means frozen: a migration that has shipped may have run on someone's database, so an
// edit to it would leave their schema and a fresh one different without anyone noticing.
describe('migration checksums', () => {
  it('no recorded migration has changed or disappeared', () => {
    const { changed, missing } = compareChecksums();
    const advice =
      `These migrations were recorded in server/migrations/checksums.json and must not change: ${[...changed, ...missing].join(', ')}. ` +
      'Restore them (git checkout main -- server/migrations/<file>) and put the change in a new migration.';
    expect(changed.concat(missing), advice).toEqual([]);
  });

  it('every migration file has its checksum recorded (new ones: npm run migrations:checksum)', () => {
    const { added } = compareChecksums();
    const advice =
      `New migration${added.length > 1 ? 's' : ''} without a recorded checksum: ${added.join(', ')}. ` +
      'Run `npm run migrations:checksum` and commit server/migrations/checksums.json with the migration.';
    // Locally a new file only warns, so work on a migration in progress is not blocked; CI refuses it.
    if (added.length && !toolEnv.ci) console.warn(advice);
    else expect(added, advice).toEqual([]);
  });

  it('detects an edited migration, and recording new ones never rewrites an existing line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-migrations-'));
    try {
      for (const f of migrationFiles()) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
      const recorded = withNewChecksums(dir, {});
      expect(compareChecksums(dir, recorded)).toEqual({ changed: [], missing: [], added: [] });

      const first = migrationFiles(dir)[0];
      fs.appendFileSync(path.join(dir, first), '\n// a harmless-looking edit\n');
      fs.writeFileSync(path.join(dir, '9999_new.ts'), 'export async function up() {}\n');
      expect(compareChecksums(dir, recorded)).toEqual({ changed: [first], missing: [], added: ['9999_new.ts'] });

      const next = withNewChecksums(dir, recorded);
      expect(next[first]).toBe(recorded[first]);
      expect(next['9999_new.ts']).toBe(checksumOf(path.join(dir, '9999_new.ts')));
      // A CRLF checkout of the same text is the same migration.
      const crlf = path.join(dir, 'crlf.ts');
      fs.writeFileSync(crlf, fs.readFileSync(path.join(MIGRATIONS_DIR, first), 'utf8').replace(/\n/g, '\r\n'));
      expect(checksumOf(crlf)).toBe(recorded[first]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the checked-in record is sorted JSON with one sha256 per file', () => {
    const recorded = readChecksums();
    expect(fs.existsSync(CHECKSUMS_FILE)).toBe(true);
    expect(Object.keys(recorded)).toEqual([...Object.keys(recorded)].sort());
    for (const v of Object.values(recorded)) expect(v).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
