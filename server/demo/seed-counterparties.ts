import { inPool } from './client.js';
import { makeBgCompany, makeRuCompany, Uniq, type DemoCompany } from './companies.js';
import { attempt, bump, type CreatedCompany, type CreatedContact, type DemoContext, type Seller } from './context.js';
import { humanPhone, makePerson, type Person } from './people.js';
import type { Rng } from './random.js';
import { sellersOf, type Team } from './users.js';

const COMPANIES = { RU: 210, BG: 90 } as const;
const TOTAL_CONTACTS = 1000;

/** Managers carry most clients; a head of sales keeps a few key accounts. */
const sellerWeight = (s: Seller) => (s.def.role === 'head_of_sales' ? 1 : 4);

function companyBody(c: DemoCompany, rng: Rng): Record<string, unknown> {
  return {
    name: c.name,
    legalForm: c.legalForm,
    country: c.country,
    inn: c.inn, kpp: c.kpp, ogrn: c.ogrn, bik: c.bik, bankName: c.bankName,
    settlementAccount: c.settlementAccount, corrAccount: c.corrAccount,
    eik: c.eik, vatNumber: c.vatNumber, iban: c.iban,
    addresses: c.addresses,
    // People type numbers every which way; the API keeps E.164.
    phones: c.phones.map((p) => ({ type: p.type, number: rng.chance(0.5) ? humanPhone(p.number) : p.number })),
    emails: c.emails,
    website: c.website,
    industry: c.industry,
    segment: c.segment,
    source: c.source,
    tags: c.tags,
    notes: c.notes,
  };
}

function contactBody(p: Person, companyId: string | null, rng: Rng, source: string | null): Record<string, unknown> {
  return {
    firstName: p.firstName,
    middleName: p.middleName,
    lastName: p.lastName,
    companyId,
    position: p.position,
    phones: p.phones.map((x) => ({ type: x.type, number: rng.chance(0.4) ? humanPhone(x.number) : x.number })),
    emails: p.emails,
    messengers: p.messengers,
    birthday: p.birthday,
    importantDates: p.importantDates,
    preferences: p.preferences,
    source,
  };
}

/**
 * Clients: Russian and Bulgarian companies with valid requisites, each created by the manager
 * who owns it; then their people (a sole proprietor is a person too), and a few private persons.
 */
export async function seedCounterparties(ctx: DemoContext): Promise<void> {
  const rng = ctx.rng.fork('counterparties');
  const uniq = new Uniq();
  const sellers: Record<Team, Seller[]> = {
    ru: ctx.sellers.filter((s) => sellersOf('ru').some((u) => u.key === s.key)),
    bg: ctx.sellers.filter((s) => sellersOf('bg').some((u) => u.key === s.key)),
  };
  const planned: { def: DemoCompany; owner: Seller }[] = [];
  for (const [country, n] of Object.entries(COMPANIES) as ['RU' | 'BG', number][]) {
    const team = sellers[country === 'RU' ? 'ru' : 'bg'];
    for (let i = 0; i < n; i++) {
      const def = country === 'RU' ? makeRuCompany(rng, uniq, ctx.now) : makeBgCompany(rng, uniq, ctx.now);
      planned.push({ def, owner: rng.weighted(team.map((s) => [s, sellerWeight(s)] as const)) });
    }
  }
  const bodies = planned.map((p) => companyBody(p.def, rng));
  const companies = await inPool(planned, 6, async (p, i) => {
    const created = await attempt(ctx, () => p.owner.client.post<{ id: string }>('/api/v1/companies', bodies[i]));
    if (!created) return undefined;
    bump(ctx, 'companies');
    return { id: created.id, def: p.def, owner: p.owner } satisfies CreatedCompany;
  });
  for (const c of companies) if (c) ctx.companies.push(c);

  // People: more of them at key accounts; the rest up to the total are spread over companies or have none.
  const people: { person: Person; company: CreatedCompany | null; owner: Seller }[] = [];
  for (const company of ctx.companies) {
    const n = company.def.soleProprietor ? 1 : { A: rng.int(4, 7), B: rng.int(2, 4), C: rng.int(1, 3) }[company.def.segment];
    for (let i = 0; i < n; i++) {
      let person = makePerson(rng, company.def.country, ctx.now, { domain: company.def.domain ?? undefined });
      if (company.def.founder && i === 0) {
        person = company.def.country === 'RU'
          ? { ...company.def.founder, position: 'Индивидуальный предприниматель', dealRole: 'ЛПР', isDecisionMaker: true }
          : { ...company.def.founder, position: 'Собственик', dealRole: 'Взема решението', isDecisionMaker: true };
      }
      people.push({ person, company, owner: company.owner });
    }
  }
  while (people.length < TOTAL_CONTACTS) {
    const company = rng.chance(0.85) && ctx.companies.length ? rng.pick(ctx.companies) : null;
    const team = company ? company.owner.def.team! : rng.chance(0.7) ? 'ru' : 'bg';
    const country = company ? company.def.country : team === 'ru' ? 'RU' : 'BG';
    const person = makePerson(rng, country, ctx.now, { domain: company?.def.domain ?? undefined, position: company !== null });
    people.push({ person, company, owner: company?.owner ?? rng.pick(sellers[team]) });
  }
  people.length = Math.min(people.length, TOTAL_CONTACTS);
  const contactBodies = people.map((p) => contactBody(p.person, p.company?.id ?? null, rng, p.company ? null : rng.pick(['Рекомендация', 'Выставка', 'Сайт'])));
  const contacts = await inPool(people, 6, async (p, i) => {
    const created = await attempt(ctx, () => p.owner.client.post<{ id: string }>('/api/v1/contacts', contactBodies[i]));
    if (!created) return undefined;
    bump(ctx, 'contacts');
    return { id: created.id, person: p.person, company: p.company, owner: p.owner, country: p.person.country } satisfies CreatedContact;
  });
  for (const c of contacts) if (c) ctx.contacts.push(c);
}
