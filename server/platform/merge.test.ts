import crypto from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../test/harness.js';
import { coveredColumns, MERGE_KINDS, type MergeKind } from './merge.js';
import { findRecordKind, recordKinds } from './registry.js';
import type { Db } from './database.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

// The registry is filled by composition (buildApp, in beforeAll): read it inside the tests.
const tableOf = (kind: MergeKind) => findRecordKind(kind)!.table;

/** Every `table.column` of a foreign key into the kind's table, as the database has them. */
async function foreignKeysTo(db: Db, kind: MergeKind): Promise<string[]> {
  const r = await sql<{ ref: string }>`
    select distinct format('%s.%s', c.conrelid::regclass::text, a.attname) as ref
    from pg_constraint c
    cross join lateral unnest(c.conkey) as k(attnum)
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
    where c.contype = 'f' and c.confrelid = ${tableOf(kind)}::regclass
    order by 1`.execute(db);
  return r.rows.map((x) => x.ref);
}

/** Foreign keys into the kind's table that no merge handler declares it moves. */
async function uncovered(db: Db, kind: MergeKind): Promise<string[]> {
  const covered = coveredColumns(kind);
  return (await foreignKeysTo(db, kind)).filter((ref) => !covered.has(ref));
}

/**
 * Polymorphic references, `(entity, entity_id)` or `(<x>_entity, <x>_id)` column pairs, which no
 * foreign key shows: each as `table.id_column`.
 */
async function polymorphicReferences(db: Db): Promise<string[]> {
  const r = await sql<{ ref: string }>`
    select format('%s.%s', e.table_name, i.column_name) as ref
    from information_schema.columns e
    join information_schema.columns i on i.table_schema = e.table_schema and i.table_name = e.table_name
      and i.column_name = case when e.column_name = 'entity' then 'entity_id' else regexp_replace(e.column_name, '_entity$', '_id') end
    where e.table_schema = current_schema() and e.column_name ~ '(^|_)entity$'
    order by 1`.execute(db);
  return r.rows.map((x) => x.ref);
}

// The audit trail stays with the record it was written about: the merged record's history is
// still read on it, in the trash.
const STAYS = new Set(['audit_log.entity_id']);

describe('every reference to a mergeable record has a handler that moves it', () => {
  it('the registry and the merge events agree on which kinds merge', () => {
    const mergeable = recordKinds().filter((k) => findRecordKind(k)!.mergeable);
    expect(mergeable.sort()).toEqual([...MERGE_KINDS].sort());
  });

  for (const kind of MERGE_KINDS) {
    it(`foreign keys into the table of ${kind} records`, async () => {
      const fks = await foreignKeysTo(ctx.db, kind);
      // The query itself finds something: the contacts module's own reference at least.
      expect(fks).toContain(kind === 'contact' ? 'contact_companies.contact_id' : 'contacts.company_id');
      expect(await uncovered(ctx.db, kind), `FKs into ${tableOf(kind)} that no onMerge('${kind}', ...) covers`).toEqual([]);
    });

    it(`polymorphic references to a ${kind}`, async () => {
      const refs = await polymorphicReferences(ctx.db);
      expect(refs).toEqual(expect.arrayContaining(['record_shares.entity_id', 'timeline_events.ref_id', 'document_links.entity_id']));
      const covered = coveredColumns(kind);
      expect(
        refs.filter((ref) => !covered.has(ref) && !STAYS.has(ref)),
        `(entity, id) pairs that no onMerge('${kind}', ...) covers`,
      ).toEqual([]);
    });
  }

  it('a new table with a foreign key into companies and no handler is named', async () => {
    await sql`create table merge_probe (id serial primary key, supplier_id uuid references companies(id), contact_id uuid references contacts(id))`.execute(
      ctx.db,
    );
    try {
      expect(await uncovered(ctx.db, 'company')).toEqual(['merge_probe.supplier_id']);
      expect(await uncovered(ctx.db, 'contact')).toEqual(['merge_probe.contact_id']);
    } finally {
      await sql`drop table merge_probe`.execute(ctx.db);
    }
    expect(await uncovered(ctx.db, 'company')).toEqual([]);
  });
});

// Rows that rightly go on naming the merged record after a merge: its own activity stats,
// recomputed to "none", and the kept record's "merged" entry, which says what was merged into it.
const MAY_STAY: Record<string, RawBuilder<boolean>> = {
  'contact_activity_stats.contact_id': sql<boolean>`last_done_at is null`,
  'timeline_events.ref_id': sql<boolean>`kind = 'merged'`,
};

/** Every reference (foreign key or polymorphic) that still points at the merged record. */
async function referencesLeft(kind: MergeKind, id: string): Promise<string[]> {
  const refs = [
    ...(await foreignKeysTo(ctx.db, kind)).map((ref) => ({ ref, entityCol: null as string | null })),
    ...(await polymorphicReferences(ctx.db))
      .filter((ref) => !STAYS.has(ref))
      .map((ref) => ({ ref, entityCol: ref.endsWith('.entity_id') ? 'entity' : ref.split('.')[1].replace(/_id$/, '_entity') })),
  ];
  const left: string[] = [];
  for (const { ref, entityCol } of refs) {
    const [tbl, col] = ref.split('.');
    const n = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(tbl)}
      where ${sql.ref(col)} = ${id} ${entityCol ? sql`and ${sql.ref(entityCol)} = ${kind}` : sql``}
        ${MAY_STAY[ref] ? sql`and not (${MAY_STAY[ref]})` : sql``}`.execute(ctx.db);
    if (n.rows[0].n) left.push(ref);
  }
  return left;
}

type Part = { name: string; value: string } | { name: string; filename: string; bytes: Buffer };
function multipart(parts: Part[]) {
  const boundary = `----orbita${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('filename' in p) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: text/plain\r\n\r\n`,
        ),
        p.bytes,
        Buffer.from('\r\n'),
      );
    } else chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(who: Caller, entity: string, entityId: string, filename: string) {
  const body = multipart([
    { name: 'entity', value: entity },
    { name: 'entityId', value: entityId },
    { name: 'file', filename, bytes: Buffer.from(`${filename} ${crypto.randomUUID()}`) },
  ]);
  const res = await who.req({ method: 'POST', url: '/api/v1/documents', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function created(res: { statusCode: number; body: string; json: () => { id: string } }) {
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

describe('merging through the real app', () => {
  it('merging two companies moves their contacts, deals, activities, documents, shares and notes to the kept one', async () => {
    const m = await ctx.userWith('manager');
    const viewer = await ctx.userWith('manager');
    const keep = await created(await m.post('/api/v1/companies', { name: 'Альфа' }));
    const other = await created(await m.post('/api/v1/companies', { name: 'Альфа (дубль)' }));
    const staff = await created(await m.post('/api/v1/contacts', { firstName: 'Олег', lastName: 'Штатный', companyId: other }));
    // Works in both: keeps one membership, to the kept company, primary as it was at the other.
    const both = await created(
      await m.post('/api/v1/contacts', {
        firstName: 'Нина',
        lastName: 'Двойная',
        companyId: other,
        companies: [{ companyId: keep }, { companyId: other, position: 'Директор' }],
      }),
    );
    const deal = await created(await m.post('/api/v1/deals', { title: 'Поставка', amount: '100', companyId: other }));
    const call = await created(
      await m.post('/api/v1/activities', { type: 'call', subject: 'Звонок', companyId: other, dueAt: new Date().toISOString() }),
    );
    const contract = await upload(m, 'company', other, 'contract.txt');
    const shared = await upload(m, 'company', keep, 'shared.txt');
    expect((await m.post(`/api/v1/documents/${shared.id}/links`, { entity: 'company', entityId: other })).statusCode).toBeLessThan(300);
    expect((await m.post(`/api/v1/companies/${other}/shares`, { userId: viewer.user.id })).statusCode).toBeLessThan(300);
    expect((await m.post(`/api/v1/companies/${other}/notes`, { text: 'Просили скидку' })).statusCode).toBe(201);
    expect((await viewer.get(`/api/v1/companies/${keep}`)).statusCode).toBe(404);

    const res = await m.post(`/api/v1/companies/${keep}/merge`, { otherId: other });
    expect(res.statusCode, res.body).toBe(200);

    expect((await m.get(`/api/v1/contacts/${staff}`)).json()).toMatchObject({
      companyId: keep,
      companies: [{ companyId: keep, companyName: 'Альфа', isPrimary: true }],
    });
    const nina = (await m.get(`/api/v1/contacts/${both}`)).json();
    expect(nina.companyId).toBe(keep);
    expect(nina.companies).toEqual([{ companyId: keep, companyName: 'Альфа', position: 'Директор', isPrimary: true }]);
    const listed = (await m.get(`/api/v1/contacts?companyId=${keep}`)).json().items.map((c: { id: string }) => c.id);
    expect(listed.sort()).toEqual([staff, both].sort());
    expect((await m.get(`/api/v1/deals/${deal}`)).json()).toMatchObject({ companyId: keep, companyName: 'Альфа' });
    expect((await m.get(`/api/v1/activities/${call}`)).json()).toMatchObject({ companyId: keep });
    const docs = (await m.get(`/api/v1/documents?entity=company&entityId=${keep}`)).json().items;
    expect(docs.map((d: { id: string }) => d.id).sort()).toEqual([contract.id, shared.id].sort());
    const sharedDoc = docs.find((d: { id: string }) => d.id === shared.id);
    expect(sharedDoc.links).toEqual([expect.objectContaining({ entity: 'company', entityId: keep })]);
    expect((await viewer.get(`/api/v1/companies/${keep}`)).statusCode).toBe(200);
    const shares = (await m.get(`/api/v1/companies/${keep}/shares`)).json();
    expect(JSON.stringify(shares)).toContain(viewer.user.id);
    const timeline = (await m.get(`/api/v1/companies/${keep}/timeline`)).json().items;
    expect(timeline).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'note', body: 'Просили скидку' })]));
    expect(await referencesLeft('company', other)).toEqual([]);
  });

  it('merging two contacts of one deal leaves one row for the deal, and no self or duplicate links', async () => {
    const m = await ctx.userWith('manager');
    const add = async (body: Record<string, unknown>) => created(await m.post('/api/v1/contacts?force=true', body));
    // Each contact's links are written from its own side at creation (editing a contact's links
    // rewrites all of them), so the stored directions are exactly these:
    // other -> referred (with a note), friend -> other (knows), keep -> referred, friend, other.
    const referred = await add({ firstName: 'Рекомендованный', lastName: 'Клиент' });
    const other = await add({
      firstName: 'Лев',
      lastName: 'Дубль',
      links: [{ contactId: referred, kind: 'referred', note: 'по телефону' }],
    });
    const friend = await add({ firstName: 'Друг', lastName: 'Общий', links: [{ contactId: other, kind: 'knows' }] });
    const keep = await add({
      firstName: 'Лев',
      lastName: 'Основной',
      links: [
        { contactId: referred, kind: 'referred' },
        { contactId: friend, kind: 'knows' },
        { contactId: other, kind: 'knows' },
      ],
    });
    const stored = await ctx.db
      .selectFrom('contact_links')
      .select(['from_contact_id', 'to_contact_id'])
      .where((eb) => eb.or([eb('from_contact_id', 'in', [keep, other]), eb('to_contact_id', 'in', [keep, other])]))
      .execute();
    expect(stored).toHaveLength(5);
    const joint = await created(
      await m.post('/api/v1/deals', {
        title: 'Общая сделка',
        amount: '100',
        contacts: [{ contactId: keep }, { contactId: other, role: 'Закупки', isDecisionMaker: true }],
      }),
    );
    const solo = await created(await m.post('/api/v1/deals', { title: 'Своя сделка', amount: '100', contactIds: [other] }));

    const res = await m.post(`/api/v1/contacts/${keep}/merge`, { otherId: other });
    expect(res.statusCode, res.body).toBe(200);

    const rows = await ctx.db.selectFrom('deal_contacts').selectAll().where('deal_id', '=', joint).execute();
    expect(rows).toEqual([expect.objectContaining({ contact_id: keep, role: 'Закупки', is_decision_maker: true })]);
    expect((await m.get(`/api/v1/deals/${joint}`)).json().contacts).toEqual([
      expect.objectContaining({ contactId: keep, role: 'Закупки', isDecisionMaker: true }),
    ]);
    expect((await m.get(`/api/v1/deals/${solo}`)).json().contactIds).toEqual([keep]);
    const links = res.json().links;
    expect(links).toEqual([
      { contactId: referred, contactName: 'Клиент Рекомендованный', kind: 'referred', note: 'по телефону' },
      { contactId: friend, contactName: 'Общий Друг', kind: 'knows', note: null },
    ]);
    const friendLinks = (await m.get(`/api/v1/contacts/${friend}`)).json().links;
    expect(friendLinks).toEqual([expect.objectContaining({ contactId: keep, kind: 'knows' })]);
    expect(await referencesLeft('contact', other)).toEqual([]);
  });
});
