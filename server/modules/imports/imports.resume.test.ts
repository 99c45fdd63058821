// An import survives kill -9 of the instance running it: real instances of server/main.ts on one
// database; the first is killed in the middle of the import, the second takes it over from the
// last committed batch, and every row ends up exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test/harness.js';
import { until } from '../../test/receiver.js';
import { Instances, signIn, type Session } from '../../test/instances.js';

const ADMIN = { email: 'importer@example.com', password: 'Kuiper-Belt-Harbor-9431' };
const ROWS = 20_000;
const instances = new Instances();
let dbHandle: Awaited<ReturnType<typeof createTestDatabase>>;

const start = () => instances.start({ DATABASE_URL: dbHandle.url, ORBITA_ADMIN_EMAIL: ADMIN.email, ORBITA_ADMIN_PASSWORD: ADMIN.password });

beforeAll(async () => {
  dbHandle = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  // SIGKILL: the first instance is dead already, and a graceful stop would wait for its exit.
  instances.kill();
  await dbHandle?.drop();
}, 60_000);

function bigCsv(): Buffer {
  const lines = ['Имя;Фамилия;Мобильный телефон;Рабочий email;Компания'];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `Имя${i};Фамилия${i % 97};+7 916 ${String(1_000_000 + i).slice(0, 3)}-${String(1_000_000 + i).slice(3)};p${i}@resume.test;ООО «Компания ${i % 700}»`,
    );
  return Buffer.from(lines.join('\n'));
}

async function getImport(base: string, s: Session, id: string) {
  const r = await fetch(`${base}/api/v1/imports/${id}`, { headers: { cookie: s.cookie, 'accept-language': 'en' } });
  return r.json();
}

describe('kill -9 in the middle of an import', () => {
  it('resumes on another instance from the last committed batch: no row twice, no half row', { timeout: 240_000 }, async () => {
    const a = await start();
    const s = await signIn(a.base, ADMIN.email, ADMIN.password);
    const form = new FormData();
    form.set('entity', 'contacts');
    form.set('file', new Blob([new Uint8Array(bigCsv())]), 'big.csv');
    const res = await fetch(`${a.base}/api/v1/imports`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: form,
    });
    expect(res.status).toBe(202);
    const { id } = await res.json();
    const midway = await until(
      () => getImport(a.base, s, id),
      (v) => v.processed >= 2000,
      120_000,
    );
    expect(midway.processed).toBeLessThan(ROWS);
    const t0 = Date.now();
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));

    // What the dead instance left: whole batches only, each with its records, problems and progress.
    const db = dbHandle.db;
    const left = await db.selectFrom('imports').select(['processed', 'created', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(left.status).toBe('running');
    expect(left.processed % 1000).toBe(0);
    const contactsNow = async () => Number((await sql<{ n: string }>`select count(*) as n from contacts`.execute(db)).rows[0].n);
    expect(await contactsNow()).toBe(left.created);
    expect(left.created).toBe(left.processed);

    const b = await start();
    const sb = await signIn(b.base, ADMIN.email, ADMIN.password);
    const done = await until(
      () => getImport(b.base, sb, id),
      (v) => v.status === 'done' || v.status === 'failed',
      180_000,
    );
    console.log(`resumed and finished ${ROWS - left.processed} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s after the kill`);
    expect(done).toMatchObject({
      status: 'done',
      total: ROWS,
      processed: ROWS,
      created: ROWS,
      rejected: 0,
      skipped: 0,
      linkedCreated: 700,
    });
    expect(await contactsNow()).toBe(ROWS);
    const distinct = await sql<{
      phones: string;
      emails: string;
    }>`select count(distinct search_phones) as phones, count(distinct search_emails) as emails from contacts`.execute(db);
    expect([Number(distinct.rows[0].phones), Number(distinct.rows[0].emails)]).toEqual([ROWS, ROWS]);
    const companies = await sql<{ n: string }>`select count(*) as n from companies`.execute(db);
    expect(Number(companies.rows[0].n)).toBe(700);
    const audit = await sql<{ n: string }>`select count(*) as n from audit_log where entity = 'contact' and action = 'create'`.execute(db);
    expect(Number(audit.rows[0].n)).toBe(ROWS);
    const records = await sql<{
      n: string;
    }>`select count(*) as n from import_records where import_id = ${id} and entity = 'contact'`.execute(db);
    expect(Number(records.rows[0].n)).toBe(ROWS);
  });
});
