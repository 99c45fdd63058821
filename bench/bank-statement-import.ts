/**
 * `npx tsx bench/bank-statement-import.ts [documents]`: importing one 1CClientBankExchange statement
 * of 10,000 documents (default) through the real app (app.inject, no network), over an embedded
 * PostgreSQL in a temporary folder (or DATABASE_URL's server, in a database of its own).
 *
 * Data, generated: 4,000 clients with INN and settlement account, 6,000 issued invoices (rows copied
 * from one issued through the API, with their own numbers, clients and totals). The statement is
 * cp1251 with CRLF as a client-bank writes it: 20 % outgoing payments, and of the incoming ones
 * 3/8 name their invoice's number, 3/16 come from a client's INN with the invoice's exact amount,
 * 1/8 from a client's account only, and 5/16 from payers nobody knows (the queue).
 * Prints the seconds of the dry run (the review), the confirmed import (every match booked as a
 * payment in the statement's transaction) and a second upload of the same file (all duplicates),
 * with the statements run and the counts answered.
 */
import { sql } from 'kysely';
import type { Db } from '../server/platform/database.js';
import { cp1251, exchange, innOf, keyedAccount, type Doc } from '../server/modules/bank-statements/bank-statements.fixtures.js';
import { startInProcessBench } from './in-process.js';

const N = Number(process.argv[2] ?? 10_000);
const CLIENTS = 4_000;
const INVOICES = 6_000;
const BIK = '044525225';
const OURS = '40702810938120061991';

/** Copies one row once per row of `source` (a FROM item naming `g`), every column as it is but those given as SQL over the source. */
async function copyRow(db: Db, table: string, id: string, source: string, set: Record<string, string>) {
  const cols = await sql<{ column_name: string }>`select column_name from information_schema.columns
    where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER' and column_name <> 'id'`.execute(db);
  const names = cols.rows.map((c) => c.column_name);
  const exprs = names.map((c) => (c in set ? set[c] : `t.${c}`));
  await sql
    .raw(`insert into ${table} (${names.join(', ')}) select ${exprs.join(', ')} from ${table} t, ${source} where t.id = '${id}'`)
    .execute(db);
}

const values = (rows: string[][], names: string) =>
  `(values ${rows.map((r) => `(${r.map((v) => `'${v}'`).join(', ')})`).join(', ')}) x(${names})`;

async function main() {
  const bench = await startInProcessBench('statement');
  const { db, app } = bench;
  try {
    const { cookies, headers, workspaceId } = await bench.workspace('Bench', 'bench@bench.test');
    const ws = { workspaceId };
    const post = async (u: string, payload: unknown) => {
      const r = await app.inject({ method: 'POST', url: u, payload: payload as object, headers, cookies });
      if (r.statusCode >= 300) throw new Error(`${u}: ${r.statusCode} ${r.body}`);
      return r.json();
    };

    // One client and one issued invoice through the API, then copied in SQL.
    const entity = await post('/api/v1/legal-entities', {
      name: 'ООО «Орбита»',
      country: 'RU',
      inn: '7707083893',
      bik: BIK,
      settlementAccount: OURS,
    });
    const template = await post('/api/v1/companies', { name: 'ООО «Образец»' });
    const line = { name: 'Насос', quantity: '1', unit: 'шт', price: '100.00', vatRate: '22' };
    const draft = await post('/api/v1/invoices', {
      legalEntityId: entity.id,
      companyId: template.id,
      currency: 'RUB',
      issueDate: '2026-11-02',
      dueDate: '2026-11-12',
      lines: [line],
    });
    await post(`/api/v1/invoices/${draft.id}/issue`, {});
    const t0 = performance.now();
    const inn = (i: number) => innOf(String(500000000 + i));
    const account = (i: number) => keyedAccount(BIK, `4070281000${String(i).padStart(10, '0')}`);
    const clientRows = Array.from({ length: CLIENTS }, (_, i) => [String(i + 1), inn(i + 1), account(i + 1)]);
    await copyRow(db, 'companies', template.id, values(clientRows, 'g, inn, account'), {
      name: `'ООО «Клиент ' || x.g || '»'`,
      inn: 'x.inn',
      settlement_account: 'x.account',
      bik: `'${BIK}'`,
    });
    const companies = (
      await sql<{ id: string; inn: string; settlement_account: string }>`select id, inn, settlement_account from companies
        where workspace_id = ${ws.workspaceId} and id <> ${template.id} order by inn`.execute(db)
    ).rows;
    const byInn = new Map(companies.map((c) => [c.inn, c]));
    const clientOf = (i: number) => byInn.get(inn((i % CLIENTS) + 1))!;
    // Invoice i: client i mod 4000, total 1000 + i roubles, number СЧ-2026-<i + 1> (the template is 000001).
    const invoiceRows = Array.from({ length: INVOICES }, (_, i) => [String(i + 1), clientOf(i + 1).id]);
    await copyRow(db, 'invoices', draft.id, values(invoiceRows, 'g, company'), {
      company_id: 'x.company::uuid',
      number: `'СЧ-2026-' || lpad((x.g::int + 1)::text, 6, '0')`,
      sequence: 'x.g::int + 1',
      total: '(1000 + x.g::int)::numeric',
      subtotal: '(1000 + x.g::int)::numeric',
      vat_total: '0',
    });
    console.log(`data: ${CLIENTS} clients, ${INVOICES} issued invoices in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // The statement.
    const docs: Doc[] = [];
    let invoice = 0;
    for (let i = 0; i < N; i++) {
      const number = String(10_000 + i);
      const date = `${String(1 + (i % 28)).padStart(2, '0')}.11.2026`;
      const kind = i % 80;
      if (i % 5 === 4) {
        docs.push({
          number,
          date,
          amount: `${100 + i}.50`,
          payerAccount: OURS,
          recipientAccount: account(900_000 + i),
          purpose: 'Оплата поставщику',
        });
        continue;
      }
      if (kind % 16 >= 11) {
        // A payer nobody knows: the queue.
        const unknown = { payerAccount: account(800_000 + i), payerInn: innOf(String(600000000 + i)), recipientAccount: OURS };
        docs.push({ ...unknown, number, date, amount: `${7 + i}.00`, purpose: 'Предоплата' });
        continue;
      }
      // Each known payer pays an invoice of its own.
      const k = ++invoice;
      const client = clientOf(k);
      const amount = `${1000 + k}.00`;
      const known = { payerAccount: client.settlement_account, recipientAccount: OURS, payerName: `ООО «Клиент»`, date, number, amount };
      const numbered = `Оплата по счёту № СЧ-2026-${String(k + 1).padStart(6, '0')} от 02.11.2026`;
      if (kind % 16 < 6) docs.push({ ...known, payerInn: client.inn, purpose: numbered });
      else if (kind % 16 < 9) docs.push({ ...known, payerInn: client.inn, purpose: 'Оплата за оборудование, в т.ч. НДС' });
      else docs.push({ ...known, purpose: 'Оплата за оборудование' });
    }
    const file = cp1251(exchange(OURS, docs));
    const b = 'benchboundary';
    const body = Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="kl_to_1c.txt"\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    const upload = async (what: string, dryRun: boolean) => {
      const before = bench.statements();
      const start = performance.now();
      const r = await app.inject({
        method: 'POST',
        url: `/api/v1/bank-statements${dryRun ? '?dryRun=true' : ''}`,
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${b}` },
        cookies,
        payload: body,
      });
      const seconds = (performance.now() - start) / 1000;
      if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body.slice(0, 500)}`);
      const { items: _items, ...counts } = r.json() as Record<string, unknown>;
      console.log(`${what.padEnd(28)} ${seconds.toFixed(2)} s, ${bench.statements() - before} statements; ${JSON.stringify(counts)}`);
    };
    console.log(`statement: ${N} documents, ${(file.length / 1024 / 1024).toFixed(1)} MB cp1251`);
    await upload('dry run (review)', true);
    await upload('import (confirm)', false);
    await upload('same file again', false);
  } finally {
    await bench.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
