/**
 * `npx tsx bench/invoice-pdf.ts`: what one invoice PDF costs end to end, GET
 * /api/v1/invoices/:id/pdf through the real app (app.inject: access check, the invoice and its
 * legal entity read from the database, the model, pdfmake), over an embedded PostgreSQL in a
 * temporary folder (or DATABASE_URL's server, in a database of its own). The invoice: a Russian
 * счёт на оплату of 10 lines, issued, its legal entity with a logo, a scanned signature and a stamp.
 *
 * 1. One process, one request after another: ms per PDF (mean, median, p95) and PDFs per second.
 * 2. As many processes as cores (2 on this machine), each an app of its own over the same
 *    database rendering one after another: PDFs per second of the machine (rendering is CPU work
 *    on one thread per process, so this is what instances behind a balancer would give).
 * Knobs: BENCH_SECONDS (default 10) per phase.
 */
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.js';
import { loadConfig, toolEnv } from '../server/platform/config.js';
import { createDb, ensureDatabase, startEmbeddedPostgres, type Db } from '../server/platform/database.js';
import { migrateJobs } from '../server/platform/jobs.js';
import { createLogger } from '../server/platform/logger.js';
import { migrateToLatest } from '../server/platform/migrate.js';
import { createWorkspaceWithAdmin } from '../server/modules/users/index.js';

const PASSWORD = 'Quiet-Harbor-Lantern-5821';
const seconds = toolEnv.bench.seconds === undefined ? 10 : Number(toolEnv.bench.seconds);
const log = createLogger('warn');

function png(w: number, h: number): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.concat(Array.from({ length: h }, (_, y) => Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, y % 256)])));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function appOver(db: Db): Promise<FastifyInstance> {
  const config = { ...loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }), webDistDir: '/nonexistent' };
  const app = await buildApp({ config, db, logger: createLogger('silent') });
  await app.ready();
  return app;
}

type Session = { cookie: string; csrf: string };

async function signIn(app: FastifyInstance, email: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'orbita_session')!;
  return { cookie: `${cookie.name}=${cookie.value}`, csrf: res.json().csrfToken };
}

function call(app: FastifyInstance, s: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, type?: string) {
  const headers: Record<string, string> = { cookie: s.cookie, 'x-csrf-token': s.csrf };
  if (type) headers['content-type'] = type;
  return app.inject({ method, url, headers, payload: payload as string });
}

/** An issued 10-line invoice of a legal entity with its three images; returns its id. */
async function seed(app: FastifyInstance, s: Session): Promise<string> {
  const ok = async (p: ReturnType<typeof call>, status = 200) => {
    const r = await p;
    if (r.statusCode !== status) throw new Error(`${r.statusCode} ${r.body.slice(0, 300)}`);
    return r.json();
  };
  const entity = await ok(
    call(app, s, 'POST', '/api/v1/legal-entities', {
      name: 'ООО «Орбита»',
      country: 'RU',
      inn: '7707083893',
      kpp: '773601001',
      address: '117997, г. Москва, ул. Вавилова, д. 19',
      bankName: 'ПАО Сбербанк',
      bik: '044525225',
      settlementAccount: '40702810938120061991',
      correspondentAccount: '30101810400000000225',
      director: 'Иванов И. И.',
      accountant: 'Петрова А. С.',
    }),
    201,
  );
  for (const [kind, w, h] of [
    ['logo', 300, 100],
    ['signature', 240, 80],
    ['stamp', 200, 200],
  ] as const)
    await ok(call(app, s, 'PUT', `/api/v1/legal-entities/${entity.id}/images/${kind}`, png(w, h), 'image/png'));
  const company = await ok(call(app, s, 'POST', '/api/v1/companies', { name: 'ООО «Ромашка»', inn: '7736050003', kpp: '773601001' }), 201);
  const lines = Array.from({ length: 10 }, (_, i) => ({
    name: `Насос центробежный ЦНС 38-${44 + i * 22}, с электродвигателем`,
    quantity: String(i + 1),
    unit: 'шт',
    price: '1234.50',
    vatRate: '22',
  }));
  const draft = await ok(
    call(app, s, 'POST', '/api/v1/invoices', {
      legalEntityId: entity.id,
      companyId: company.id,
      currency: 'RUB',
      issueDate: '2026-12-01',
      dueDate: '2026-12-15',
      lines,
    }),
    201,
  );
  await ok(call(app, s, 'POST', `/api/v1/invoices/${draft.id}/issue`, {}));
  return draft.id;
}

/** Renders one after another for `secs`; returns each request's milliseconds and the last size. */
async function loop(app: FastifyInstance, s: Session, id: string, secs: number): Promise<{ times: number[]; bytes: number }> {
  for (let i = 0; i < 5; i++) await call(app, s, 'GET', `/api/v1/invoices/${id}/pdf`);
  const times: number[] = [];
  let bytes = 0;
  const until = performance.now() + secs * 1000;
  while (performance.now() < until) {
    const t = performance.now();
    const r = await call(app, s, 'GET', `/api/v1/invoices/${id}/pdf`);
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body.slice(0, 200)}`);
    times.push(performance.now() - t);
    bytes = r.rawPayload.length;
  }
  return { times, bytes };
}

/** A child: its own app over the same database, rendering for `secs` once told to start. */
async function child(url: string, email: string, id: string, secs: number) {
  const db = createDb(url, 4);
  const app = await appOver(db);
  const s = await signIn(app, email);
  await call(app, s, 'GET', `/api/v1/invoices/${id}/pdf`);
  process.send!({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const { times } = await loop(app, s, id, secs);
  process.send!({ count: times.length });
  await app.close();
  await db.destroy();
}

async function main() {
  let dir: string | undefined;
  let stop = async () => {};
  let url: string;
  if (toolEnv.databaseUrl) {
    const admin = new URL(toolEnv.databaseUrl);
    admin.pathname = '/postgres';
    const name = `orbita_pdf_bench_${crypto.randomBytes(4).toString('hex')}`;
    await ensureDatabase(admin.toString(), name);
    admin.pathname = `/${name}`;
    url = admin.toString();
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-pdf-bench-'));
    const server = await startEmbeddedPostgres(dir, log);
    url = server.url;
    stop = server.stop;
  }
  const db = createDb(url, 10);
  try {
    await migrateToLatest(db);
    await migrateJobs(url, log);
    const app = await appOver(db);
    const email = `bench-${crypto.randomBytes(3).toString('hex')}@bench.test`;
    await createWorkspaceWithAdmin(db, { workspaceName: 'PDF bench', email, name: 'Bench', password: PASSWORD });
    const s = await signIn(app, email);
    const id = await seed(app, s);
    const cores = os.cpus().length;
    console.log(
      `GET /invoices/:id/pdf, ru-invoice, 10 lines, logo + signature + stamp; node ${process.version}, ${cores} cores, load ${os.loadavg()[0].toFixed(1)}`,
    );

    const { times, bytes } = await loop(app, s, id, seconds);
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    console.log(
      `1 process : ${times.length} PDFs  mean ${mean.toFixed(1)} ms  median ${at(0.5).toFixed(1)} ms  p95 ${at(0.95).toFixed(1)} ms  ${(times.length / seconds).toFixed(1)} per second  ${(bytes / 1024).toFixed(0)} KiB`,
    );
    await app.close();

    const children = Array.from({ length: cores }, () =>
      fork(fileURLToPath(import.meta.url), ['child', url, email, id, String(seconds)], { execArgv: ['--import', 'tsx'] }),
    );
    await Promise.all(children.map((c) => new Promise<void>((resolve) => c.once('message', () => resolve()))));
    const counts = children.map(
      (c) => new Promise<number>((resolve) => c.on('message', (m: { count?: number }) => m.count !== undefined && resolve(m.count))),
    );
    for (const c of children) c.send('go');
    const total = (await Promise.all(counts)).reduce((a, b) => a + b, 0);
    console.log(`${cores} processes: ${total} PDFs in ${seconds} s  ${(total / seconds).toFixed(1)} per second`);
    await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve)))));
  } finally {
    await db.destroy();
    await stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') await child(process.argv[3], process.argv[4], process.argv[5], Number(process.argv[6]));
else await main();
