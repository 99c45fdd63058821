// `npm run restore -- --in FILE [--force]`: restores a backup of `npm run backup` into an empty
// ORBITA_DATA_DIR (a new embedded cluster, as `npm start` makes it) or an empty DATABASE_URL.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, checkMigrationLevel, readBackupHeader, restoreBackup } from './platform/backup.js';
import { loadConfig } from './platform/config.js';
import { runningEmbeddedUrl, startEmbeddedPostgres, type RunningDatabase } from './platform/database.js';
import { createLogger } from './platform/logger.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const USAGE =
  'Usage: npm run restore -- --in FILE [--force]   (into DATABASE_URL, or the embedded server in ORBITA_DATA_DIR)\n' +
  '  --force   replace the data of a target that is not empty';

async function main(): Promise<number> {
  let file: string | undefined;
  let force: boolean;
  try {
    const { values } = parseArgs({ options: { in: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean' } } });
    if (values.help) {
      say(USAGE);
      return 0;
    }
    file = values.in;
    force = values.force ?? false;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!file) {
    process.stderr.write(`--in FILE is required.\n${USAGE}\n`);
    return 2;
  }
  file = path.resolve(file);
  // Refuse an unreadable or too new backup before touching any data folder.
  checkMigrationLevel(await readBackupHeader(file));
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let url: string;
  let started: RunningDatabase | undefined;
  if (config.databaseUrl) {
    url = config.databaseUrl;
    say('Restoring into the database of DATABASE_URL');
  } else {
    if (runningEmbeddedUrl(config.dataDir))
      throw new BackupError(`Orbita (its embedded PostgreSQL) is running on ${config.dataDir}; stop it before restoring there.`);
    say(`Restoring into the embedded PostgreSQL of ${config.dataDir}`);
    started = await startEmbeddedPostgres(config.dataDir, log);
    url = started.url;
  }
  try {
    await restoreBackup({ url, file, force, say });
    say('Start Orbita on it with `npm start`.');
    return 0;
  } finally {
    await started?.stop().catch(() => {});
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    process.stderr.write(`Restore failed: ${err instanceof BackupError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
