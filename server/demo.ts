// `npm run demo`: fills a workspace with a living sales team, clients, deals and activities,
// entirely through the HTTP API (see server/demo/). Reproducible: a fixed seed, dates relative to now.
import path from 'node:path';
import { buildApp } from './app.js';
import { openDatabase } from './platform/bootstrap.js';
import { loadConfig } from './platform/config.js';
import { createLogger } from './platform/logger.js';
import { countUsers, createWorkspaceWithAdmin } from './modules/users/index.js';
import { signIn, type DemoClient } from './demo/client.js';
import type { DemoContext } from './demo/context.js';
import { createRng } from './demo/random.js';
import { seedActivities } from './demo/seed-activities.js';
import { seedContactLinks, seedCounterparties, seedNotes, seedShares } from './demo/seed-counterparties.js';
import { seedDeals } from './demo/seed-deals.js';
import { seedPipelines, seedProducts, seedUsers } from './demo/seed-setup.js';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, demoUsers } from './demo/users.js';

const SEED = 20260;

const config = loadConfig();
// The app logs a line per request at info: thousands here. Keep its warnings, print our own progress.
const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const started = Date.now();
  const { db, server, secrets } = await openDatabase(config, log, 10);
  // The demo only talks to the API: no need to serve the built web interface.
  const app = await buildApp({ config: { ...config, webDistDir: path.join(config.dataDir, 'no-web') }, db, logger: log, secrets });
  try {
    await app.ready();
    const adminEmail = config.adminEmail ?? DEMO_ADMIN_EMAIL;
    const adminPassword = config.adminEmail ? config.adminPassword : DEMO_PASSWORD;
    if ((await countUsers(db)) === 0) {
      if (!adminPassword) throw new Error('ORBITA_ADMIN_EMAIL is set without ORBITA_ADMIN_PASSWORD');
      await createWorkspaceWithAdmin(db, {
        workspaceName: 'Orbita Demo',
        email: adminEmail,
        name: 'Администратор',
        password: adminPassword,
        language: 'ru',
      });
      say(`Created the workspace and its admin ${adminEmail}.`);
    }
    let admin: DemoClient;
    try {
      admin = await signIn(app, adminEmail, adminPassword ?? '');
    } catch {
      say(
        `This database already has users, and ${adminEmail} cannot sign in with ${config.adminEmail ? 'ORBITA_ADMIN_PASSWORD' : 'the demo password'}.`,
      );
      say('Set ORBITA_ADMIN_EMAIL and ORBITA_ADMIN_PASSWORD to an admin of the workspace to fill, or use an empty ORBITA_DATA_DIR.');
      return 1;
    }
    if (admin.user.role !== 'admin') {
      say(`${adminEmail} is not an admin; the demo needs an admin to create its users.`);
      return 1;
    }
    const existing = await admin.get<{ items: { email: string }[] }>('/api/v1/users');
    const demoEmails = new Set(demoUsers.map((u) => u.email));
    if (existing.items.some((u) => demoEmails.has(u.email))) {
      say('This workspace already has the demo data (its demo users exist); nothing was added.');
      printLogins(adminEmail, adminPassword);
      return 0;
    }

    const ctx: DemoContext = {
      app,
      now: new Date(),
      rng: createRng(SEED),
      say,
      admin,
      users: new Map(),
      sellers: [],
      products: [],
      pipelines: null,
      lostReasons: new Map(),
      companies: [],
      contacts: [],
      deals: [],
      counts: {},
      rejections: [],
      skipped: [],
    };
    const step = async (name: string, routes: string[], fn: (c: DemoContext) => Promise<void>) => {
      const missing = routes.filter((r) => {
        const [method, url] = r.split(' ');
        return !app.hasRoute({ method: method as 'POST', url });
      });
      if (missing.length) {
        ctx.skipped.push(`${name} (the API has no ${missing.join(', ')})`);
        say(`  ${name}: skipped, the API has no ${missing.join(', ')}`);
        return;
      }
      const t = Date.now();
      await fn(ctx);
      say(`  ${name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    };
    say('Filling the demo workspace through the API...');
    await step('users and teams', ['POST /api/v1/users', 'POST /api/v1/teams'], seedUsers);
    await step('products and price lists', ['POST /api/v1/products'], seedProducts);
    await step(
      'pipelines and lost reasons',
      ['GET /api/v1/pipelines', 'POST /api/v1/pipelines', 'POST /api/v1/lost-reasons'],
      seedPipelines,
    );
    await step('companies and contacts', ['POST /api/v1/companies', 'POST /api/v1/contacts'], seedCounterparties);
    await step('who knows whom', ['PATCH /api/v1/contacts/:id'], seedContactLinks);
    await step('shared clients', ['POST /api/v1/companies/:id/shares'], seedShares);
    await step('deals', ['POST /api/v1/deals', 'POST /api/v1/deals/:id/move', 'POST /api/v1/deals/:id/close'], seedDeals);
    await step('activities', ['POST /api/v1/activities'], seedActivities);
    await step('notes on timelines', ['POST /api/v1/companies/:id/notes', 'POST /api/v1/contacts/:id/notes'], seedNotes);

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const requests = [admin, ...[...ctx.users.values()].map((u) => u.client)].reduce((n, c) => n + c.requests, 0);
    say(`\nDone in ${seconds} s (${requests} API requests).`);
    say(
      Object.entries(ctx.counts)
        .map(([k, v]) => `  ${k}: ${v}`)
        .join('\n'),
    );
    if (ctx.skipped.length) say(`Skipped: ${ctx.skipped.join('; ')}`);
    if (ctx.rejections.length) reportRejections(ctx);
    printLogins(adminEmail, adminPassword);
    return ctx.rejections.length ? 1 : 0;
  } finally {
    await app.close().catch(() => {});
    await db.destroy().catch(() => {});
    await server.stop().catch((e) => log.error({ err: e }, 'database stop failed'));
  }
}

/** The API refused some realistic records: list each kind once with its request and answer. */
function reportRejections(ctx: DemoContext) {
  const groups = new Map<string, typeof ctx.rejections>();
  for (const r of ctx.rejections) {
    let code = '';
    try {
      const e = JSON.parse(r.response).error;
      code = `${e.code}${e.fields?.length ? ` ${e.fields.map((f: { path: string }) => f.path).join(',')}` : ''}`;
    } catch {
      /* not our error shape */
    }
    const key = `${r.method} ${r.url.replace(/[0-9a-f-]{36}/g, ':id')} ${r.status} ${code}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  say(`\nThe API refused ${ctx.rejections.length} request(s); those records were not created:`);
  for (const [key, list] of groups) {
    const first = list[0];
    say(
      `  ${list.length} x ${key}\n    request as ${first.user}: ${JSON.stringify(first.body).slice(0, 600)}\n    answer: ${first.response.slice(0, 600)}`,
    );
  }
}

function printLogins(adminEmail: string, adminPassword: string | undefined) {
  const head = demoUsers.find((u) => u.role === 'head_of_sales')!;
  const manager = demoUsers.find((u) => u.role === 'manager')!;
  say('\nStart Orbita with `npm start`, then open http://localhost:3000 and sign in as:');
  say(`  admin          ${adminEmail}  ${adminPassword === DEMO_PASSWORD ? DEMO_PASSWORD : '(the ORBITA_ADMIN_PASSWORD)'}`);
  say(`  head of sales  ${head.email}  ${DEMO_PASSWORD}`);
  say(`  manager        ${manager.email}  ${DEMO_PASSWORD}`);
  say(`Every demo user (${demoUsers.map((u) => u.email.split('@')[0]).join(', ')} @orbita.demo) has the password ${DEMO_PASSWORD}.`);
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    log.fatal({ err }, 'demo failed');
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
