// `npm run backup -- --out FILE`: a consistent backup of the running (or stopped) Orbita database,
// embedded or DATABASE_URL, without pg_dump. Format and guarantees: platform/backup.ts.
// Messages in the language of ORBITA_LANG or the locale (LANG), English otherwise.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupText, type BackupText } from '../contracts/i18n/backup.js';
import { BackupError, writeBackup } from './platform/backup.js';
import { cliLanguage, loadConfig } from './platform/config.js';
import { embeddedClusterExists, runningEmbeddedUrl, startEmbeddedPostgres, type RunningDatabase } from './platform/database.js';
import { createLogger } from './platform/logger.js';
import { embeddedKeyFile } from './platform/secrets.js';

const lang = cliLanguage();
const text = (t: BackupText) => backupText(lang, t);
const say = (line: string) => process.stdout.write(`${line}\n`);
const usage = () => text({ key: 'usageBackup' });

async function main(): Promise<number> {
  let out: string | undefined;
  try {
    const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean' } } });
    if (values.help) {
      say(usage());
      return 0;
    }
    out = values.out;
  } catch (e) {
    process.stderr.write(`${text({ key: 'badArguments', params: { error: (e as Error).message } })}\n${usage()}\n`);
    return 2;
  }
  if (!out) {
    process.stderr.write(`${text({ key: 'outRequired' })}\n${usage()}\n`);
    return 2;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let url: string;
  let started: RunningDatabase | undefined;
  if (config.databaseUrl) {
    url = config.databaseUrl;
    say(text({ key: 'fromDatabaseUrl' }));
  } else {
    const running = runningEmbeddedUrl(config.dataDir);
    if (running) {
      // Orbita is running: read through its server, alongside its writes.
      url = running;
      say(text({ key: 'fromRunning', params: { dir: config.dataDir } }));
    } else {
      if (!embeddedClusterExists(config.dataDir)) throw new BackupError({ key: 'noClusterHere', params: { dir: config.dataDir } });
      say(text({ key: 'startingForBackup', params: { dir: config.dataDir } }));
      started = await startEmbeddedPostgres(config.dataDir, log);
      url = started.url;
    }
  }
  try {
    await writeBackup({ url, out: path.resolve(out), say, lang });
    const key: BackupText =
      config.secretKey || config.databaseUrl ? { key: 'keyEnv' } : { key: 'keyFile', params: { file: embeddedKeyFile(config.dataDir) } };
    say(text({ key: 'keyNotInBackup', params: { key } }));
    return 0;
  } finally {
    await started?.stop().catch(() => {});
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    const why = err instanceof BackupError ? err.in(lang) : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`${text({ key: 'backupFailed', params: { error: why } })}\n`);
    process.exit(1);
  });
