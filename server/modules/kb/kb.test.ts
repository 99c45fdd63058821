import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { fragmentOf, markdownToPlain } from './kb.text.js';

let ctx: TestContext;
let editor: Caller;
let manager: Caller;
const ids: Record<string, string> = {};

type Hit = {
  id: string;
  title: { text: string; highlights: { start: number; end: number }[] };
  fragment: { text: string; highlights: { start: number; end: number }[] };
};

const write = async (key: string, body: Record<string, unknown>) => {
  const res = await editor.post('/api/v1/kb/articles', { status: 'published', ...body });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
  return res.json();
};

beforeAll(async () => {
  ctx = await createTestContext();
  editor = await ctx.userWith('operator');
  manager = await ctx.userWith('manager');
  await write('printer', {
    title: 'Принтер не печатает после обновления',
    body: '## Что проверить\n\nЕсли **принтер** не печатает, перезапустите службу печати. Картриджи проверяют в последнюю очередь.',
    category: 'Оборудование',
    tags: ['печать', 'принтеры'],
    language: 'ru',
  });
  await write('invoice', {
    title: 'Как выставить счёт',
    body: 'Счёт выставляют из карточки сделки. Если клиент просит повторно, принтер тут ни при чём.',
    category: 'Финансы',
    language: 'ru',
  });
  await write('bg', {
    title: 'Връщане на стока',
    body: 'Клиентът може да върне стоката в срок от 14 дни. Фактурата се анулира с кредитно известие.',
    category: 'Продажби',
    language: 'bg',
  });
  await write('draft', { title: 'Секретный черновик о принтерах', body: 'Пока не готово', language: 'ru', status: 'draft' });
});

afterAll(async () => {
  await ctx.close();
});

const search = async (q: string, who: Caller = manager, extra = ''): Promise<Hit[]> => {
  const res = await who.get(`/api/v1/kb/search?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};
const marked = (f: { text: string; highlights: { start: number; end: number }[] }) => f.highlights.map((h) => f.text.slice(h.start, h.end));

describe('search: morphology, typos, ranking, highlights', () => {
  it('an inflected Russian form finds the article and marks the words as written', async () => {
    const r = await search('принтера');
    expect(r.map((h) => h.id)).toEqual([ids.printer, ids.invoice]);
    expect(marked(r[0].title)).toEqual(['Принтер']);
    expect(marked(r[0].fragment)).toContain('принтер');
  });

  it('a misspelt inflected word still finds it (typo through the lexicon)', async () => {
    const r = await search('принтиром');
    expect(r.map((h) => h.id)).toContain(ids.printer);
  });

  it('a title match ranks above a body-only match', async () => {
    const r = await search('счета');
    expect(r[0].id).toBe(ids.invoice);
    const p = await search('принтер');
    expect(p[0].id).toBe(ids.printer);
    expect(p[1].id).toBe(ids.invoice);
  });

  it('Bulgarian: the article and the form without it find each other, typos too', async () => {
    expect((await search('стоката')).map((h) => h.id)).toContain(ids.bg);
    expect((await search('фактура')).map((h) => h.id)).toContain(ids.bg);
    expect((await search('кредитно известе')).map((h) => h.id)).toEqual([ids.bg]);
    const r = await search('стока');
    expect(r.map((h) => h.id)).toContain(ids.bg);
  });

  it('several words narrow the result', async () => {
    expect((await search('принтер службу')).map((h) => h.id)).toEqual([ids.printer]);
  });

  it('filters by category, language and tag', async () => {
    expect((await search('принтер', manager, '&category=' + encodeURIComponent('Финансы'))).map((h) => h.id)).toEqual([ids.invoice]);
    expect(await search('принтер', manager, '&language=bg')).toEqual([]);
    expect((await search('принтер', manager, '&tag=' + encodeURIComponent('печать'))).map((h) => h.id)).toEqual([ids.printer]);
  });

  it('fragments are plain text: Markdown and HTML of the body never come back as markup', async () => {
    const a = await write('html', {
      title: 'Опасный текст',
      body: 'Вставка <script>alert(1)</script> и <img src=x onerror=alert(1)> рядом со словом маршрутизатор',
      language: 'ru',
    });
    const r = await search('маршрутизатор');
    expect(r[0].id).toBe(a.id);
    expect(r[0].fragment.text).not.toMatch(/[<>]/);
    expect(marked(r[0].fragment)).toEqual(['маршрутизатор']);
  });

  it('short or empty queries find nothing, and a query of punctuation is not an error', async () => {
    expect(await search('п')).toEqual([]);
    expect(await search('')).toEqual([]);
    expect(await search('%_\\*')).toEqual([]);
  });
});

describe('articles: access, versions, bin', () => {
  it('drafts are hidden from readers: not found, not listed, not searched', async () => {
    expect((await manager.get(`/api/v1/kb/articles/${ids.draft}`)).statusCode).toBe(404);
    const list = (await manager.get('/api/v1/kb/articles?limit=200')).json().items.map((a: { id: string }) => a.id);
    expect(list).not.toContain(ids.draft);
    expect(list).toContain(ids.printer);
    expect((await search('черновик')).map((h) => h.id)).toEqual([]);
    expect((await search('черновик', editor)).map((h) => h.id)).toEqual([ids.draft]);
    expect((await editor.get(`/api/v1/kb/articles/${ids.draft}`)).statusCode).toBe(200);
  });

  it('non-editors may not write, change or delete; the admin chooses the editor roles', async () => {
    const body = { title: 'Попытка', body: 'x', language: 'ru' };
    expect((await manager.post('/api/v1/kb/articles', body)).statusCode).toBe(403);
    expect((await manager.patch(`/api/v1/kb/articles/${ids.printer}`, { version: 1, title: 'x' })).statusCode).toBe(403);
    expect((await manager.del(`/api/v1/kb/articles/${ids.printer}`)).statusCode).toBe(403);
    expect((await manager.get('/api/v1/kb/settings')).json()).toMatchObject({ canEdit: false });
    expect((await manager.req({ method: 'PUT', url: '/api/v1/kb/settings', payload: { editorRoles: ['manager'] } })).statusCode).toBe(403);
    const put = await ctx.admin.req({ method: 'PUT', url: '/api/v1/kb/settings', payload: { editorRoles: ['manager', 'operator'] } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().editorRoles).toEqual(['admin', 'manager', 'operator']);
    expect((await manager.post('/api/v1/kb/articles', body)).statusCode).toBe(201);
    expect((await manager.get(`/api/v1/kb/articles/${ids.draft}`)).statusCode).toBe(200);
    await ctx.admin.req({ method: 'PUT', url: '/api/v1/kb/settings', payload: { editorRoles: ['head_of_sales', 'operator'] } });
    expect((await manager.get(`/api/v1/kb/articles/${ids.draft}`)).statusCode).toBe(404);
  });

  it('each save of a published article keeps the previous version; one can be read and restored', async () => {
    const a = await write('versioned', { title: 'Скидки постоянным клиентам', body: 'Первая редакция', language: 'ru' });
    const s1 = await editor.patch(`/api/v1/kb/articles/${a.id}`, { version: a.version, body: 'Вторая редакция' });
    expect(s1.statusCode, s1.body).toBe(200);
    const s2 = await editor.patch(`/api/v1/kb/articles/${a.id}`, { version: s1.json().version, body: 'Третья редакция', title: 'Скидки' });
    expect(s2.statusCode, s2.body).toBe(200);
    const stale = await editor.patch(`/api/v1/kb/articles/${a.id}`, { version: s1.json().version, body: 'Устаревшая' });
    expect(stale.statusCode).toBe(409);
    const versions = (await manager.get(`/api/v1/kb/articles/${a.id}/versions`)).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const first = await manager.get(`/api/v1/kb/articles/${a.id}/versions/1`);
    expect(first.json()).toMatchObject({ version: 1, body: 'Первая редакция', title: 'Скидки постоянным клиентам' });
    expect((await manager.get(`/api/v1/kb/articles/${a.id}/versions/9`)).statusCode).toBe(404);
    expect((await manager.post(`/api/v1/kb/articles/${a.id}/versions/1/restore`, { version: 3 })).statusCode).toBe(403);
    const back = await editor.post(`/api/v1/kb/articles/${a.id}/versions/1/restore`, { version: 3 });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ body: 'Первая редакция', title: 'Скидки постоянным клиентам', version: 4 });
    expect((await manager.get(`/api/v1/kb/articles/${a.id}/versions`)).json().items[0]).toMatchObject({ version: 3, title: 'Скидки' });
  });

  it('a draft saved is not versioned until published', async () => {
    const d = await editor.post('/api/v1/kb/articles', { title: 'Черновик версий', body: 'a', language: 'en' });
    const s = await editor.patch(`/api/v1/kb/articles/${d.json().id}`, { version: 1, body: 'b', status: 'published' });
    expect(s.json()).toMatchObject({ status: 'published', version: 2 });
    expect(s.json().publishedAt).not.toBeNull();
    expect((await editor.get(`/api/v1/kb/articles/${d.json().id}/versions`)).json().items).toEqual([]);
  });

  it('delete moves to the bin (not found, not searched), restore brings it back', async () => {
    const a = await write('binned', { title: 'Архивация звонков', body: 'Записи хранятся год', language: 'ru' });
    expect((await editor.del(`/api/v1/kb/articles/${a.id}`)).statusCode).toBe(204);
    expect((await manager.get(`/api/v1/kb/articles/${a.id}`)).statusCode).toBe(404);
    expect(await search('архивация')).toEqual([]);
    expect((await editor.get('/api/v1/kb/articles?deleted=true')).json().items.map((x: { id: string }) => x.id)).toContain(a.id);
    expect((await manager.get('/api/v1/kb/articles?deleted=true')).json().items).toEqual([]);
    expect((await editor.post(`/api/v1/kb/articles/${a.id}/restore`)).statusCode).toBe(200);
    expect((await search('архивации')).map((h) => h.id)).toEqual([a.id]);
  });

  it('bad input is a 400 naming the field, in the caller’s language', async () => {
    const res = await editor.req({
      method: 'POST',
      url: '/api/v1/kb/articles',
      payload: { title: '', body: 'x', language: 'de', tags: ['a', 'A'] },
      lang: 'bg',
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'language', 'tags']));
    expect(JSON.stringify(res.json())).toContain('Един и същ етикет');
  });

  it('categories are suggested from the articles in use', async () => {
    const items = (await manager.get('/api/v1/kb/categories')).json().items.map((c: { name: string }) => c.name);
    expect(items).toEqual(expect.arrayContaining(['Оборудование', 'Финансы', 'Продажби']));
  });
});

describe('suggestions', () => {
  it('offers articles for the products of a client’s open deals, and for a subject', async () => {
    const owner = await ctx.userWith('manager');
    const contact = (await owner.post('/api/v1/contacts?force=true', { firstName: 'Пётр', lastName: 'Печатников' })).json();
    const product = await ctx.admin.post('/api/v1/products', { name: 'Принтер лазерный', prices: [{ currency: 'RUB', amount: '15000' }] });
    expect(product.statusCode, product.body).toBe(201);
    const deal = await owner.post('/api/v1/deals', {
      title: 'Поставка',
      contactIds: [contact.id],
      currency: 'RUB',
      lines: [{ productId: product.json().id, quantity: '2' }],
    });
    expect(deal.statusCode, deal.body).toBe(201);
    const r = await owner.get(`/api/v1/kb/suggestions?contactId=${contact.id}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items[0]).toMatchObject({ id: ids.printer });
    expect((await manager.get(`/api/v1/kb/suggestions?contactId=${contact.id}`)).statusCode).toBe(404);
    const byProduct = await manager.get(`/api/v1/kb/suggestions?productId=${product.json().id}`);
    expect(byProduct.json().items[0]).toMatchObject({ id: ids.printer, matched: ['Принтер лазерный'] });
    const byText = await manager.get(`/api/v1/kb/suggestions?q=${encodeURIComponent('Клиент хочет вернуть стоку')}`);
    expect(byText.json().items.map((i: { id: string }) => i.id)).toContain(ids.bg);
    expect((await manager.get('/api/v1/kb/suggestions')).json().items).toEqual([]);
  });

  it('offers articles for a ticket by its subject and products, to those who may open the ticket', async () => {
    const owner = await ctx.userWith('manager');
    const companyId = (await owner.post('/api/v1/companies', { name: 'ООО «Возвраты»' })).json().id;
    const ticket = await owner.post('/api/v1/tickets', { subject: 'Клиент хочет вернуть стоката', companyId });
    expect(ticket.statusCode, ticket.body).toBe(201);
    const r = await owner.get(`/api/v1/kb/suggestions?ticketId=${ticket.json().id}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items.map((i: { id: string }) => i.id)).toContain(ids.bg);
    expect((await manager.get(`/api/v1/kb/suggestions?ticketId=${ticket.json().id}`)).statusCode).toBe(404);
  });
});

describe('text', () => {
  it('takes Markdown down to text and cuts a fragment around the matches', () => {
    expect(markdownToPlain('# Заголовок\n\n**Жирный** и [ссылка](http://x) `код`')).toBe('Заголовок\nЖирный и ссылка код');
    const long = 'слово '.repeat(100) + 'цель ' + 'слово '.repeat(100);
    const f = fragmentOf(long, new Set(['цель']));
    expect(f.text.startsWith('…')).toBe(true);
    expect(f.highlights.map((h) => f.text.slice(h.start, h.end))).toEqual(['цель']);
  });
});
