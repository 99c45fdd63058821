// `npm run backup -- --out FILE`: a consistent backup of the running (or stopped) Orbita database,
// embedded or DATABASE_URL, without pg_dump. Format and guarantees: platform/backup.ts.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, writeBackup } from './platform/backup.js';
import { loadConfig } from './platform/config.js';
import { embeddedClusterExists, runningEmbeddedUrl, startEmbeddedPostgres, type RunningDatabase } from './platform/database.js';
import { createLogger } from './platform/logger.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const USAGE = 'Usage: npm run backup -- --out FILE   (DATABASE_URL, or the embedded server in ORBITA_DATA_DIR)';

async function main(): Promise<number> {
  let out: string | undefined;
  try {
    const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean' } } });
    if (values.help) {
      say(USAGE);
      return 0;
    }
    out = values.out;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!out) {
    process.stderr.write(`--out FILE is required.\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let url: string;
  let started: RunningDatabase | undefined;
  if (config.databaseUrl) {
    url = config.databaseUrl;
    say('Backing up the database of DATABASE_URL');
  } else {
    const running = runningEmbeddedUrl(config.dataDir);
    if (running) {
      // Orbita is running: read through its server, alongside its writes.
      url = running;
      say(`Backing up the running embedded PostgreSQL of ${config.dataDir}`);
    } else {
      if (!embeddedClusterExists(config.dataDir))
        throw new BackupError(`${config.dataDir} holds no Orbita database (set ORBITA_DATA_DIR or DATABASE_URL).`);
      say(`Starting the embedded PostgreSQL of ${config.dataDir} for the backup`);
      started = await startEmbeddedPostgres(config.dataDir, log);
      url = started.url;
    }
  }
  try {
    await writeBackup({ url, out: path.resolve(out), say });
    return 0;
  } finally {
    await started?.stop().catch(() => {});
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    process.stderr.write(`Backup failed: ${err instanceof BackupError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
