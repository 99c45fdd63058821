// `npm run restore -- --in FILE [--force]`: restores a backup of `npm run backup` into an empty
// ORBITA_DATA_DIR (a new embedded cluster, as `npm start` makes it) or an empty DATABASE_URL.
// Messages in the language of ORBITA_LANG or the locale (LANG), English otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { backupText, type BackupText } from '../contracts/i18n/backup.js';
import { BackupError, checkMigrationLevel, readBackupHeader, restoreBackup } from './platform/backup.js';
import { cliLanguage, loadConfig } from './platform/config.js';
import { runningEmbeddedUrl, startEmbeddedPostgres, type RunningDatabase } from './platform/database.js';
import { createLogger } from './platform/logger.js';
import { embeddedKeyFile } from './platform/secrets.js';

const lang = cliLanguage();
const text = (t: BackupText) => backupText(lang, t);
const say = (line: string) => process.stdout.write(`${line}\n`);
const usage = () => text({ key: 'usageRestore' });

/** The id of the key the restored secrets were sealed with, if any (table of migration 0010). */
async function sealingKeyId(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ key_id: string }>('select key_id from secret_key');
    return r.rows[0]?.key_id;
  } catch {
    // A backup from before the table: nothing was sealed.
    return undefined;
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  let file: string | undefined;
  let force: boolean;
  try {
    const { values } = parseArgs({ options: { in: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean' } } });
    if (values.help) {
      say(usage());
      return 0;
    }
    file = values.in;
    force = values.force ?? false;
  } catch (e) {
    process.stderr.write(`${text({ key: 'badArguments', params: { error: (e as Error).message } })}\n${usage()}\n`);
    return 2;
  }
  if (!file) {
    process.stderr.write(`${text({ key: 'inRequired' })}\n${usage()}\n`);
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
    say(text({ key: 'intoDatabaseUrl' }));
  } else {
    if (runningEmbeddedUrl(config.dataDir)) throw new BackupError({ key: 'runningThere', params: { dir: config.dataDir } });
    say(text({ key: 'intoEmbedded', params: { dir: config.dataDir } }));
    started = await startEmbeddedPostgres(config.dataDir, log);
    url = started.url;
  }
  try {
    await restoreBackup({ url, file, force, say, lang });
    // The key never travels in a backup: say which one the restored secrets need, when none is at hand.
    const keyId = await sealingKeyId(url);
    if (keyId && !config.secretKey) {
      if (config.databaseUrl) say(text({ key: 'restoredKeyHintEnv', params: { keyId } }));
      else if (!fs.existsSync(embeddedKeyFile(config.dataDir)))
        say(text({ key: 'restoredKeyHint', params: { keyId, dir: config.dataDir } }));
    }
    say(text({ key: 'startHint' }));
    return 0;
  } finally {
    await started?.stop().catch(() => {});
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    const why = err instanceof BackupError ? err.in(lang) : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`${text({ key: 'restoreFailed', params: { error: why } })}\n`);
    process.exit(1);
  });
