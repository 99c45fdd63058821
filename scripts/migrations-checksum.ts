import fs from 'node:fs';
import { CHECKSUMS_FILE, compareChecksums, readChecksums, withNewChecksums } from '../server/platform/migration-checksums.js';

// `npm run migrations:checksum`: records the checksum of each NEW migration in
// server/migrations/checksums.json. It never rewrites the line of a recorded migration: a shipped
// migration is frozen, and a change to it belongs in a new migration.
const recorded = readChecksums();
const report = compareChecksums(undefined, recorded);
if (report.changed.length || report.missing.length) {
  for (const f of report.changed)
    console.error(`changed after it was recorded: server/migrations/${f} (restore it: git checkout main -- server/migrations/${f})`);
  for (const f of report.missing) console.error(`recorded but missing: server/migrations/${f}`);
  console.error('Shipped migrations are frozen: put the change in a new migration instead.');
  process.exit(1);
}
fs.writeFileSync(CHECKSUMS_FILE, `${JSON.stringify(withNewChecksums(undefined, recorded), null, 2)}\n`);
console.log(report.added.length ? `recorded: ${report.added.join(', ')}` : 'nothing new to record');
