// Bulgarian invoice numbers under load: two real instances of `server/main.ts` (child processes,
// each with its own connection pool) on one PostgreSQL issue 50 invoices of one legal entity at
// once, with refused issues mixed in; the numbers must be 1..50 with no gap and no duplicate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness.js';
import { Instances, call as send, signIn as signInAs, type Session } from '../../test/instances.js';
import { eood } from './invoices.fixtures.js';

const ADMIN = { email: 'numbers@example.com', password: 'Sofia-Vitosha-Ledger-5512' };
const instances = new Instances();
let dbHandle: Awaited<ReturnType<typeof createTestDatabase>>;
let A: string;
let B: string;

const startInstance = async (url: string) =>
  (await instances.start({ DATABASE_URL: url, ORBITA_ADMIN_EMAIL: ADMIN.email, ORBITA_ADMIN_PASSWORD: ADMIN.password })).base;
const signIn = (base: string) => signInAs(base, ADMIN.email, ADMIN.password);
/** The answer as status and JSON; a write always carries a JSON body (an empty one for actions). */
async function call(base: string, s: Session, method: string, path: string, body?: unknown) {
  const r = await send(base, s, method, path, method === 'GET' ? undefined : (body ?? {}));
  return { status: r.status, json: await r.json() };
}

beforeAll(async () => {
  dbHandle = await createTestDatabase();
  // One after the other: the first creates the admin, the second finds it.
  A = await startInstance(dbHandle.url);
  B = await startInstance(dbHandle.url);
}, 150_000);

afterAll(async () => {
  await instances.stop();
  await dbHandle?.drop();
}, 60_000);

describe('Bulgarian invoice numbers on two instances', () => {
  it('50 concurrent issues through both instances get 0000000001..0000000050: no gap, no duplicate', { timeout: 120_000 }, async () => {
    const [sa, sb] = [await signIn(A), await signIn(B)];
    const entity = await call(A, sa, 'POST', '/legal-entities', eood);
    expect(entity.status).toBe(201);
    const company = await call(A, sa, 'POST', '/companies', { name: 'Клиент ООД' });
    const body = (lines: unknown[]) => ({
      legalEntityId: entity.json.id,
      companyId: company.json.id,
      currency: 'EUR',
      issueDate: '2026-11-02',
      dueDate: '2026-11-16',
      lines,
    });
    const good: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await call(
        i % 2 ? A : B,
        sa,
        'POST',
        '/invoices',
        body([{ name: `Стока ${i}`, quantity: '1', price: '10.00', vatRate: '20' }]),
      );
      expect(r.status).toBe(201);
      good.push(r.json.id);
    }
    // Issues that fail after they were attempted (no lines): they must not consume a number.
    const empty: string[] = [];
    for (let i = 0; i < 6; i++) empty.push((await call(A, sa, 'POST', '/invoices', body([]))).json.id);

    const all = [...good.map((id) => ({ id, ok: true })), ...empty.map((id) => ({ id, ok: false }))];
    // Interleaved over both instances, all in flight at once.
    const results = await Promise.all(
      all.map((x, i) => call(i % 2 ? A : B, i % 2 ? sa : sb, 'POST', `/invoices/${x.id}/issue`).then((r) => ({ ...x, r }))),
    );
    for (const x of results) expect(x.r.status, JSON.stringify(x.r.json)).toBe(x.ok ? 200 : 422);
    const numbers = results.filter((x) => x.ok).map((x) => x.r.json.number as string);
    expect(new Set(numbers).size).toBe(50);
    expect([...numbers].sort()).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 1).padStart(10, '0')));

    const stored = await dbHandle.db
      .selectFrom('invoices')
      .select(['number', 'sequence'])
      .where('legal_entity_id', '=', entity.json.id)
      .where('number', 'is not', null)
      .orderBy('sequence')
      .execute();
    expect(stored.map((r) => Number(r.sequence))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const counter = await dbHandle.db.selectFrom('invoice_counters').selectAll().where('legal_entity_id', '=', entity.json.id).execute();
    expect(counter.map((c) => [c.year, Number(c.last_value)])).toEqual([[0, 50]]);
    expect((await call(B, sb, 'GET', `/invoice-numbering/${entity.json.id}`)).json).toMatchObject({
      nextNumber: '0000000051',
      lastNumber: '0000000050',
    });
  });
});
