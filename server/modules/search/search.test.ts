import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { phoneQueryDigits } from '../../platform/search/index.js';

let ctx: TestContext;
let owner: Caller;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  owner = await ctx.userWith('manager');
  const people: [string, Record<string, unknown>][] = [
    [
      'ivanov',
      {
        firstName: 'Сергей',
        lastName: 'Иванов',
        middleName: 'Петрович',
        phones: [{ type: 'mobile', number: '+79161234567' }],
        emails: [{ type: 'work', address: 'S.Ivanov@Romashka.ru' }],
      },
    ],
    ['ivanova', { firstName: 'Анна', lastName: 'Иванова', phones: [{ type: 'mobile', number: '+7 903 765-43-21' }] }],
    ['ivan', { firstName: 'Иван', lastName: 'Сидоренко' }],
    ['petrov', { firstName: 'Олег', lastName: 'Петров' }],
    ['georgieva', { firstName: 'Десислава', lastName: 'Георгиева', country: 'BG', phones: [{ type: 'mobile', number: '0888 123 456' }] }],
    ['smirnov', { firstName: 'Фёдор', lastName: 'Смирнов' }],
  ];
  for (const [key, body] of people) {
    const res = await owner.post('/api/v1/contacts?force=true', body);
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  }
  const companies: [string, Record<string, unknown>][] = [
    ['stroy', { name: 'ООО «Строительная компания Север»', inn: '7707083893', phones: [{ type: 'work', number: '+7 495 700-10-20' }] }],
    ['duga', { name: '„Дъга“ ЕООД', eik: '175074752', emails: [{ type: 'work', address: 'office@duga.bg' }] }],
    ['firma', { name: 'Фирмата на Петрови', country: 'BG' }],
  ];
  for (const [key, body] of companies) {
    const res = await owner.post('/api/v1/companies?force=true', body);
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  }
});
afterAll(async () => {
  await ctx.close();
});

type Item = { type: string; id: string; title: string; subtitle: string | null; matched: string };
const search = async (q: string, who: Caller = owner): Promise<Item[]> => {
  const res = await who.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};
const found = async (q: string, who: Caller = owner) => (await search(q, who)).map((i) => i.id);

describe('names: morphology and typos', () => {
  it('an inflected form finds the base form: «Иванова» finds Иванов (and Иванова)', async () => {
    const r = await found('Иванова');
    expect(r).toContain(ids.ivanov);
    expect(r).toContain(ids.ivanova);
  });

  it('a typo still finds the name: «Ивнов» finds Иванов', async () => {
    expect(await found('Ивнов')).toContain(ids.ivanov);
    expect(await found('Смирнв')).toContain(ids.smirnov);
  });

  it('case endings of Russian names and Bulgarian forms match: «Петрову», «Георгиев»', async () => {
    expect(await found('петрову')).toContain(ids.petrov);
    expect(await found('Георгиев')).toContain(ids.georgieva);
  });

  it('company names by inflected word and with the Bulgarian article', async () => {
    expect(await found('строительной')).toContain(ids.stroy);
    expect(await found('фирма')).toContain(ids.firma);
    expect(await found('дъгата')).toContain(ids.duga);
  });

  it('a prefix finds longer names as you type', async () => {
    const r = await found('Ива');
    expect(r).toEqual(expect.arrayContaining([ids.ivanov, ids.ivanova, ids.ivan]));
  });

  it('several words narrow the result, in any order', async () => {
    expect(await found('Сергей Иванов')).toEqual([ids.ivanov]);
    expect(await found('иванов сергей петрович')).toEqual([ids.ivanov]);
  });

  it('exact words rank before forms and typos', async () => {
    const r = await search('Иван');
    expect(r[0]).toMatchObject({ id: ids.ivan, matched: 'name', type: 'contact', title: 'Сидоренко Иван' });
    expect(r.map((i) => i.id)).toContain(ids.ivanov);
  });

  it('a Latin spelling finds the Cyrillic name', async () => {
    expect(await found('ivanov')).toContain(ids.ivanov);
  });
});

describe('phones, emails, requisites', () => {
  it.each(['+7 (916) 123-45-67', '89161234567', '1234567', '916 123', '+79161234567'])('phone %s finds +79161234567', async (q) => {
    const r = await search(q);
    expect(r.map((i) => i.id)).toContain(ids.ivanov);
    expect(r.find((i) => i.id === ids.ivanov)).toMatchObject({ matched: 'phone', subtitle: '+7 916 123 45 67' });
  });

  it('a Bulgarian number typed nationally finds its E.164 form', async () => {
    expect(await found('0888 123 456')).toContain(ids.georgieva);
    expect(await found('888123456')).toContain(ids.georgieva);
  });

  it('a company phone in any format', async () => {
    expect(await found('8 495 700 10 20')).toContain(ids.stroy);
  });

  it('emails, whole or in part, any case', async () => {
    expect(await found('s.ivanov@romashka.ru')).toContain(ids.ivanov);
    const r = await search('office@duga');
    expect(r[0]).toMatchObject({ id: ids.duga, matched: 'email', subtitle: 'office@duga.bg' });
  });

  it('INN and EIK exactly', async () => {
    expect((await search('7707083893'))[0]).toMatchObject({ id: ids.stroy, matched: 'inn', type: 'company' });
    expect((await search('175074752'))[0]).toMatchObject({ id: ids.duga, matched: 'eik' });
  });

  it('too short or empty queries return nothing', async () => {
    expect(await search('И')).toEqual([]);
    expect(await search('12')).toEqual([]);
    expect((await owner.get('/api/v1/search?q=')).json().items).toEqual([]);
  });

  it('understands phone queries', () => {
    expect(phoneQueryDigits('+7 (916) 123-45-67', 'RU')).toEqual(['79161234567']);
    expect(phoneQueryDigits('8 916 123 45 67', 'RU')).toEqual(['79161234567']);
    expect(phoneQueryDigits('0888 123 456', 'BG')).toEqual(['359888123456']);
    expect(phoneQueryDigits('12-34', 'RU')).toEqual(['1234']);
    expect(phoneQueryDigits('012345', 'RU')).toEqual(['012345', '12345']);
    expect(phoneQueryDigits('12', 'RU')).toBeNull();
    expect(phoneQueryDigits('Иван', 'RU')).toBeNull();
  });
});

describe('deals, fragments of requisites and e-mails, surnames first', () => {
  it('finds deals by the words of their title in any form, and by their client', async () => {
    const deal = await owner.post('/api/v1/deals', { title: 'Сервисный контракт на обслуживание', companyId: ids.stroy });
    expect(deal.statusCode, deal.body).toBe(201);
    const other = await owner.post('/api/v1/deals', { title: 'Поставка насосов', companyId: ids.stroy });
    const hit = (await search('Сервисный контракт')).find((i) => i.id === deal.json().id);
    expect(hit).toMatchObject({ type: 'deal', title: 'Сервисный контракт на обслуживание', matched: 'name' });
    expect(hit!.subtitle).toContain('Строительная компания Север');
    expect(await found('сервисного контракта')).toContain(deal.json().id);
    // The client's name finds the client first, then its deals.
    const byClient = await search('Север');
    expect(byClient[0]).toMatchObject({ type: 'company', id: ids.stroy });
    expect(byClient.map((i) => i.id)).toEqual(expect.arrayContaining([deal.json().id, other.json().id]));
    // A deal the caller may not see is not found.
    const stranger = await ctx.userWith('manager');
    expect(await found('Сервисный контракт', stranger)).toEqual([]);
    await owner.del(`/api/v1/deals/${deal.json().id}`);
    expect(await found('Сервисный контракт')).not.toContain(deal.json().id);
  });

  it('a part of an INN or EIK finds the company', async () => {
    expect((await search('770708'))[0]).toMatchObject({ id: ids.stroy, matched: 'inn' });
    expect((await search('83893'))[0]).toMatchObject({ id: ids.stroy, matched: 'inn' });
    expect((await search('507475'))[0]).toMatchObject({ id: ids.duga, matched: 'eik' });
  });

  it('a bare domain finds the addresses in it', async () => {
    expect(await found('romashka')).toContain(ids.ivanov);
    expect(await found('duga')).toContain(ids.duga);
  });

  it('a surname comes before a first name of the same form', async () => {
    const a = await owner.post('/api/v1/contacts?force=true', { firstName: 'Иван', lastName: 'Воронов', middleName: 'Ильич' });
    const b = await owner.post('/api/v1/contacts?force=true', { firstName: 'Мария', lastName: 'Иванова' });
    const r = (await found('Иванов')).filter((id) => id === a.json().id || id === b.json().id);
    expect(r).toEqual([b.json().id, a.json().id]);
  });
});

describe('access', () => {
  it("another manager finds nothing of the owner's; sharing opens exactly the shared record", async () => {
    const stranger = await ctx.userWith('manager');
    expect(await found('Иванов', stranger)).toEqual([]);
    expect(await found('1234567', stranger)).toEqual([]);
    expect(await found('7707083893', stranger)).toEqual([]);
    expect(await found('s.ivanov@romashka', stranger)).toEqual([]);
    await owner.post(`/api/v1/contacts/${ids.ivanov}/shares`, { userId: stranger.user.id });
    expect(await found('Иванов', stranger)).toEqual([ids.ivanov]);
    expect(await found('Ивнов', stranger)).toEqual([ids.ivanov]);
  });

  it("a director and the head of the owner's team find it; the head of another team does not", async () => {
    const director = await ctx.userWith('director');
    expect(await found('7707083893', director)).toEqual([ids.stroy]);
    const head = await ctx.userWith('head_of_sales');
    const team = await ctx.createTeam('Search team', head.user.id);
    const member = await ctx.userWith('manager', { teamId: team });
    const mine = await member.post('/api/v1/contacts?force=true', { firstName: 'Ефим', lastName: 'Командный' });
    expect(await found('Командный', head)).toEqual([mine.json().id]);
    const otherHead = await ctx.userWith('head_of_sales');
    await ctx.createTeam('Other search team', otherHead.user.id);
    expect(await found('Командный', otherHead)).toEqual([]);
  });

  it('deleted records are not found', async () => {
    const c = await owner.post('/api/v1/contacts?force=true', { firstName: 'Временный', lastName: 'Удалённов' });
    expect(await found('Удалённов')).toEqual([c.json().id]);
    await owner.del(`/api/v1/contacts/${c.json().id}`);
    expect(await found('Удалённов')).toEqual([]);
  });
});

describe('API document', () => {
  it('the OpenAPI document describes the counterparties endpoints from the same schemas', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/v1/search',
      '/api/v1/contacts',
      '/api/v1/contacts/{id}',
      '/api/v1/contacts/{id}/merge',
      '/api/v1/contacts/{id}/timeline',
      '/api/v1/contacts/duplicates',
      '/api/v1/companies',
      '/api/v1/companies/{id}/shares/{userId}',
      '/api/v1/companies/{id}/notes',
    ]) {
      expect(paths).toContain(p);
    }
    const body = res.json().paths['/api/v1/companies'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['name', 'inn', 'kpp', 'ogrn', 'eik', 'vatNumber', 'iban', 'ownerId']),
    );
  });
});
