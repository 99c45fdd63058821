import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';

type Part = { name: string; value: string } | { name: string; filename: string; bytes: Buffer; type?: string };

/** A real multipart/form-data body, as a browser's FormData sends it (filename raw UTF-8). */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----orbita${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('filename' in p) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        p.bytes,
        Buffer.from('\r\n'),
      );
    } else chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const pdf = (size = 200_000) => Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), crypto.randomBytes(size)]);
const png = () => Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function upload(who: Caller, entity: string, entityId: string, filename: string, bytes: Buffer, type?: string) {
  const m = multipart([
    { name: 'entity', value: entity },
    { name: 'entityId', value: entityId },
    { name: 'file', filename, bytes, type },
  ]);
  return who.req({ method: 'POST', url: '/api/v1/documents', ...m });
}

for (const storage of ['database', 'filesystem'] as const) {
  describe(`documents (${storage} storage)`, () => {
    let ctx: TestContext;
    let dir: string;
    let companyId: string;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-docs-'));
      ctx = await createTestContext({ env: { ORBITA_DOCUMENTS_STORAGE: storage, ORBITA_DOCUMENTS_DIR: dir } });
      companyId = (await ctx.admin.post('/api/v1/companies', { name: 'ООО «Документы»' })).json().id;
    });
    afterAll(async () => {
      await ctx?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('uploads and downloads byte-exact, with the sniffed type and a Cyrillic file name', async () => {
      const bytes = pdf();
      const res = await upload(ctx.admin, 'company', companyId, 'Договор поставки №5.pdf', bytes, 'text/html');
      expect(res.statusCode, res.body).toBe(201);
      const doc = res.json();
      expect(doc).toMatchObject({
        name: 'Договор поставки №5.pdf',
        mimeType: 'application/pdf',
        size: bytes.length,
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        version: 1,
        links: [{ entity: 'company', entityId: companyId, name: 'ООО «Документы»', hidden: false }],
        createdBy: ctx.admin.user.id,
      });
      const got = await ctx.admin.get(`/api/v1/documents/${doc.id}/content`);
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(bytes)).toBe(true);
      expect(got.headers['content-type']).toBe('application/pdf');
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      const disposition = String(got.headers['content-disposition']);
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe('Договор поставки №5.pdf');
      if (storage === 'filesystem') {
        expect(fs.readFileSync(path.join(dir, doc.sha256.slice(0, 2), doc.sha256)).equals(bytes)).toBe(true);
      } else {
        expect(fs.readdirSync(dir)).toEqual([]);
      }
      const timeline = (await ctx.admin.get(`/api/v1/companies/${companyId}/timeline`)).json().items;
      expect(timeline.find((e: { kind: string; refId: string }) => e.kind === 'document' && e.refId === doc.id)).toMatchObject({
        body: 'Договор поставки №5.pdf',
        hidden: false,
      });
      const audit = await ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'document')
        .where('entity_id', '=', doc.id)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['create']);
    });

    it('trusts the bytes, not the name: a PNG named .pdf is image/png; HTML, SVG, programs are refused', async () => {
      const asPng = await upload(ctx.admin, 'company', companyId, 'scan.pdf', png(), 'application/pdf');
      expect(asPng.statusCode, asPng.body).toBe(201);
      expect(asPng.json().mimeType).toBe('image/png');
      const text = await upload(ctx.admin, 'company', companyId, 'notes.txt', Buffer.from('Привет, мир\n'));
      expect(text.json().mimeType).toBe('text/plain');
      const refused: [string, Buffer][] = [
        ['price.pdf', Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>')],
        ['logo.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
        ['report.doc', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(200), Buffer.from('PE\0\0')])],
        ['invoice.exe', Buffer.from('plain text but an executable name')],
        ['blob.bin', crypto.randomBytes(1000)],
        ['empty.txt', Buffer.alloc(0)],
      ];
      for (const [name, bytes] of refused) {
        const res = await upload(ctx.admin, 'company', companyId, name, bytes);
        expect(res.statusCode, `${name}: ${res.body}`).toBe(422);
        expect(res.json().error.fields[0].path).toBe('file');
      }
      const ru = await upload(ctx.admin, 'company', companyId, 'x.html', Buffer.from('<html></html>'));
      expect(ru.statusCode).toBe(422);
    });

    it('keeps versions: the new one is current, older ones download by ?version=N', async () => {
      const v1 = pdf(5000);
      const doc = (await upload(ctx.admin, 'company', companyId, 'Счёт.pdf', v1)).json();
      const v2 = png();
      const m = multipart([{ name: 'file', filename: 'Счёт (испр.).png', bytes: v2 }]);
      const res = await ctx.admin.req({ method: 'POST', url: `/api/v1/documents/${doc.id}/versions`, ...m });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ version: 2, name: 'Счёт (испр.).png', mimeType: 'image/png', size: v2.length });
      expect(res.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect((await ctx.admin.get(`/api/v1/documents/${doc.id}/content`)).rawPayload.equals(v2)).toBe(true);
      const old = await ctx.admin.get(`/api/v1/documents/${doc.id}/content?version=1`);
      expect(old.rawPayload.equals(v1)).toBe(true);
      expect(old.headers['content-type']).toBe('application/pdf');
      expect((await ctx.admin.get(`/api/v1/documents/${doc.id}/content?version=3`)).statusCode).toBe(404);
      const timeline = (await ctx.admin.get(`/api/v1/companies/${companyId}/timeline`)).json().items;
      expect(
        timeline.filter((e: { refId: string }) => e.refId === doc.id).map((e: { data: { version: number } }) => e.data.version),
      ).toEqual([2, 1]);
    });

    it('links to more records, lists per record, refuses to drop the last link', async () => {
      const contact = (await ctx.admin.post('/api/v1/contacts', { firstName: 'Иван', lastName: 'Петров' })).json();
      const doc = (await upload(ctx.admin, 'company', companyId, 'Общий.pdf', pdf(100))).json();
      const linked = await ctx.admin.post(`/api/v1/documents/${doc.id}/links`, { entity: 'contact', entityId: contact.id });
      expect(linked.statusCode, linked.body).toBe(200);
      expect(linked.json().links).toHaveLength(2);
      const list = (await ctx.admin.get(`/api/v1/documents?entity=contact&entityId=${contact.id}`)).json();
      expect(list.items.map((d: { id: string }) => d.id)).toEqual([doc.id]);
      const contactTimeline = (await ctx.admin.get(`/api/v1/contacts/${contact.id}/timeline`)).json().items;
      expect(contactTimeline.some((e: { refId: string }) => e.refId === doc.id)).toBe(true);
      expect((await ctx.admin.post(`/api/v1/documents/${doc.id}/links`, { entity: 'planet', entityId: contact.id })).statusCode).toBe(422);
      expect((await ctx.admin.post(`/api/v1/documents/${doc.id}/links`, { entity: 'document', entityId: doc.id })).statusCode).toBe(422);
      const missing = await ctx.admin.post(`/api/v1/documents/${doc.id}/links`, { entity: 'deal', entityId: crypto.randomUUID() });
      expect(missing.statusCode).toBe(422);
      expect(missing.json().error.fields[0].path).toBe('entityId');
      const unlinked = await ctx.admin.del(`/api/v1/documents/${doc.id}/links/company/${companyId}`);
      expect(unlinked.statusCode, unlinked.body).toBe(200);
      expect(unlinked.json().links).toEqual([expect.objectContaining({ entity: 'contact', entityId: contact.id })]);
      const last = await ctx.admin.del(`/api/v1/documents/${doc.id}/links/contact/${contact.id}`);
      expect(last.statusCode).toBe(422);
      expect(last.json().error.fields[0].path).toBe('entityId');
    });

    it('deletes softly and restores', async () => {
      const doc = (await upload(ctx.admin, 'company', companyId, 'В корзину.pdf', pdf(100))).json();
      const ids = async (q = '') =>
        (await ctx.admin.get(`/api/v1/documents?entity=company&entityId=${companyId}${q}`)).json().items.map((d: { id: string }) => d.id);
      expect(await ids()).toContain(doc.id);
      expect((await ctx.admin.del(`/api/v1/documents/${doc.id}`)).statusCode).toBe(204);
      expect(await ids()).not.toContain(doc.id);
      expect(await ids('&deleted=true')).toContain(doc.id);
      expect((await ctx.admin.get(`/api/v1/documents/${doc.id}`)).json().deletedAt).not.toBeNull();
      expect((await ctx.admin.del(`/api/v1/documents/${doc.id}`)).statusCode).toBe(404);
      const restored = await ctx.admin.post(`/api/v1/documents/${doc.id}/restore`);
      expect(restored.statusCode).toBe(200);
      expect(restored.json().deletedAt).toBeNull();
      expect(await ids()).toContain(doc.id);
    });

    it('pages the list of a record with the cursor', async () => {
      const c = (await ctx.admin.post('/api/v1/companies', { name: 'ООО «Страницы»' })).json().id;
      for (let i = 0; i < 5; i++)
        expect((await upload(ctx.admin, 'company', c, `p${i}.txt`, Buffer.from(`page ${i}`))).statusCode).toBe(201);
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: { items: { id: string }[]; nextCursor: string | null } = (
          await ctx.admin.get(`/api/v1/documents?entity=company&entityId=${c}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        seen.push(...page.items.map((d) => d.id));
        cursor = page.nextCursor;
      }
      expect(new Set(seen).size).toBe(5);
      expect((await ctx.admin.get(`/api/v1/documents?entity=company&entityId=${c}&cursor=abc`)).statusCode).toBe(400);
    });
  });
}

describe('documents: size limit and bad multipart bodies', () => {
  let ctx: TestContext;
  let companyId: string;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { ORBITA_DOCUMENTS_MAX_BYTES: '4096' } });
    companyId = (await ctx.admin.post('/api/v1/companies', { name: 'ООО «Лимит»' })).json().id;
  });
  afterAll(async () => ctx?.close());

  it('refuses a file past ORBITA_DOCUMENTS_MAX_BYTES with 413 naming file, storing nothing', async () => {
    const res = await upload(ctx.admin, 'company', companyId, 'big.pdf', pdf(5000), undefined);
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', fields: [{ path: 'file', code: 'documents.rules.tooLarge' }] });
    expect(res.json().error.message).toContain('4096');
    expect(await ctx.db.selectFrom('documents').select('id').execute()).toEqual([]);
    expect((await upload(ctx.admin, 'company', companyId, 'small.pdf', pdf(3000))).statusCode).toBe(201);
  });

  it('answers every malformed upload with a 4xx in the error shape', async () => {
    const cases: { payload: Buffer | string; headers: Record<string, string>; status: number; path: string }[] = [
      {
        ...multipart([
          { name: 'entity', value: 'company' },
          { name: 'entityId', value: companyId },
        ]),
        status: 422,
        path: 'file',
      },
      {
        ...multipart([
          { name: 'entityId', value: companyId },
          { name: 'file', filename: 'a.txt', bytes: Buffer.from('x') },
        ]),
        status: 400,
        path: 'entity',
      },
      {
        ...multipart([
          { name: 'entity', value: 'company' },
          { name: 'entityId', value: 'not-a-uuid' },
          { name: 'file', filename: 'a.txt', bytes: Buffer.from('x') },
        ]),
        status: 400,
        path: 'entityId',
      },
      {
        ...multipart([
          { name: 'entity', value: 'spaceship' },
          { name: 'entityId', value: companyId },
          { name: 'file', filename: 'a.txt', bytes: Buffer.from('x') },
        ]),
        status: 422,
        path: 'entity',
      },
      {
        ...multipart([
          { name: 'entity', value: 'company' },
          { name: 'entityId', value: companyId },
          { name: 'file', filename: 'a.txt', bytes: Buffer.from('x') },
          { name: 'file', filename: 'b.txt', bytes: Buffer.from('y') },
        ]),
        status: 400,
        path: 'file',
      },
      { payload: '{"entity":"company"}', headers: { 'content-type': 'application/json' }, status: 400, path: 'body' },
      {
        payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nunterminated',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        status: 400,
        path: 'body',
      },
    ];
    for (const c of cases) {
      const res = await ctx.admin.req({ method: 'POST', url: '/api/v1/documents', payload: c.payload, headers: c.headers, lang: 'ru' });
      expect(res.statusCode, res.body).toBe(c.status);
      const e = res.json().error;
      expect(e.fields.map((f: { path: string }) => f.path)).toContain(c.path);
      expect(e.fields.every((f: { message: string }) => f.message && !f.message.startsWith('documents.'))).toBe(true);
    }
    expect(await ctx.db.selectFrom('documents').select('id').where('id', 'is not', null).execute()).toHaveLength(1);
  });
});

describe('documents: access is access to a linked record', () => {
  let ctx: TestContext;
  let owner: Caller;
  let colleague: Caller;
  let stranger: Caller;
  beforeAll(async () => {
    ctx = await createTestContext();
    const teamA = await ctx.createTeam('Команда А');
    const teamB = await ctx.createTeam('Команда Б');
    owner = await ctx.userWith('manager', { teamId: teamA });
    colleague = await ctx.userWith('manager', { teamId: teamA });
    stranger = await ctx.userWith('manager', { teamId: teamB });
  });
  afterAll(async () => ctx?.close());

  it("a manager cannot list, read, download, version or link another team's company documents", async () => {
    const company = (await owner.post('/api/v1/companies', { name: 'ООО «Чужая»' })).json().id;
    const doc = (await upload(owner, 'company', company, 'Секрет.pdf', pdf(100))).json();
    expect((await stranger.get(`/api/v1/documents?entity=company&entityId=${company}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/documents/${doc.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/documents/${doc.id}/content`)).statusCode).toBe(404);
    const v = multipart([{ name: 'file', filename: 'x.txt', bytes: Buffer.from('x') }]);
    expect((await stranger.req({ method: 'POST', url: `/api/v1/documents/${doc.id}/versions`, ...v })).statusCode).toBe(404);
    expect((await stranger.del(`/api/v1/documents/${doc.id}`)).statusCode).toBe(404);
    const own = (await stranger.post('/api/v1/companies', { name: 'ООО «Своя»' })).json().id;
    expect((await stranger.post(`/api/v1/documents/${doc.id}/links`, { entity: 'company', entityId: own })).statusCode).toBe(404);
    const into = await upload(stranger, 'company', company, 'подкинуть.txt', Buffer.from('x'));
    expect(into.statusCode).toBe(422);
    expect(into.json().error.fields[0].path).toBe('entityId');
    expect((await owner.get(`/api/v1/documents/${doc.id}/content`)).statusCode).toBe(200);
  });

  it("a shared contact's documents are visible to the colleague; the unshared company stays hidden", async () => {
    const company = (await owner.post('/api/v1/companies', { name: 'ООО «Скрытая»' })).json().id;
    const contact = (await owner.post('/api/v1/contacts', { firstName: 'Общий', lastName: 'Контакт' })).json().id;
    const doc = (await upload(owner, 'contact', contact, 'Паспорт сделки.pdf', pdf(100))).json();
    expect((await owner.post(`/api/v1/documents/${doc.id}/links`, { entity: 'company', entityId: company })).statusCode).toBe(200);
    expect((await colleague.get(`/api/v1/documents/${doc.id}`)).statusCode).toBe(404);
    const share = await owner.post(`/api/v1/contacts/${contact}/shares`, { userId: colleague.user.id });
    expect(share.statusCode, share.body).toBeLessThan(300);
    const list = await colleague.get(`/api/v1/documents?entity=contact&entityId=${contact}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((d: { id: string }) => d.id)).toEqual([doc.id]);
    const seen = (await colleague.get(`/api/v1/documents/${doc.id}`)).json();
    expect(seen.links).toEqual(
      expect.arrayContaining([
        { entity: 'company', entityId: company, name: null, hidden: true },
        { entity: 'contact', entityId: contact, name: 'Контакт Общий', hidden: false },
      ]),
    );
    expect(JSON.stringify(seen)).not.toContain('Скрытая');
    expect((await colleague.get(`/api/v1/documents/${doc.id}/content`)).statusCode).toBe(200);
    expect((await colleague.get(`/api/v1/documents?entity=company&entityId=${company}`)).statusCode).toBe(404);
    // The colleague cannot detach it from the company they cannot see.
    expect((await colleague.del(`/api/v1/documents/${doc.id}/links/company/${company}`)).statusCode).toBe(404);
  });
});
