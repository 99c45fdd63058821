import { inPool } from './client.js';
import { makeBgCompany, makeRuCompany, Uniq, type DemoCompany } from './companies.js';
import { attempt, bump, type CreatedCompany, type CreatedContact, type DemoContext, type Seller } from './context.js';
import { humanPhone, makePerson, type Person } from './people.js';
import type { Rng } from './random.js';
import { notes } from './texts.js';
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
    inn: c.inn,
    kpp: c.kpp,
    ogrn: c.ogrn,
    bik: c.bik,
    bankName: c.bankName,
    settlementAccount: c.settlementAccount,
    corrAccount: c.corrAccount,
    eik: c.eik,
    vatNumber: c.vatNumber,
    iban: c.iban,
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

const contactTags = { RU: ['ЛПР', 'поздравлять', 'VIP', 'говорит по-английски'], BG: ['ЛПР', 'VIP', 'говори руски'] };

function contactBody(
  p: Person,
  company: CreatedCompany | null,
  second: { id: string; position: string } | null,
  rng: Rng,
  source: string | null,
): Record<string, unknown> {
  return {
    firstName: p.firstName,
    middleName: p.middleName,
    lastName: p.lastName,
    companyId: company?.id ?? null,
    position: p.position,
    // A few people also sit on the board of, or consult for, another client.
    ...(company && second
      ? {
          companies: [
            { companyId: company.id, position: p.position },
            { companyId: second.id, position: second.position },
          ],
        }
      : {}),
    country: p.country,
    segment: company?.def.segment ?? null,
    tags: rng.chance(0.15) ? [rng.pick(contactTags[p.country])] : [],
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
        person =
          company.def.country === 'RU'
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
  // Two people never share an address: namesakes get a number, as mail services hand them out.
  const taken = new Set(ctx.companies.flatMap((c) => c.def.emails.map((e) => e.address)));
  for (const { person } of people) {
    person.emails = person.emails.map((e) => {
      let address = e.address;
      for (let n = 2; taken.has(address); n++) address = e.address.replace('@', `${n}@`);
      taken.add(address);
      return { ...e, address };
    });
  }
  const contactBodies = people.map((p) => {
    const others =
      p.company && p.person.position && rng.chance(0.03)
        ? ctx.companies.filter(
            (c) => c.owner === p.owner && c !== p.company && c.def.country === p.company!.def.country && !c.def.soleProprietor,
          )
        : [];
    const second = others.length
      ? { id: rng.pick(others).id, position: p.person.country === 'RU' ? 'Член совета директоров' : 'Член на борда на директорите' }
      : null;
    return contactBody(
      p.person,
      p.company,
      second,
      rng,
      p.company ? null : rng.pick(p.person.country === 'RU' ? ruPrivateSources : bgPrivateSources),
    );
  });
  const contacts = await inPool(people, 6, async (p, i) => {
    const created = await attempt(ctx, () => p.owner.client.post<{ id: string; version: number }>('/api/v1/contacts', contactBodies[i]));
    if (!created) return undefined;
    bump(ctx, 'contacts');
    return {
      id: created.id,
      version: created.version,
      person: p.person,
      company: p.company,
      owner: p.owner,
      country: p.person.country,
    } satisfies CreatedContact;
  });
  for (const c of contacts) if (c) ctx.contacts.push(c);
}

const ruPrivateSources = ['Рекомендация', 'Выставка', 'Сайт'];
const bgPrivateSources = ['Препоръка', 'Изложение', 'Уебсайт'];

const linkNotes = {
  RU: {
    knows: [
      'Учились вместе в Бауманке',
      'Бывшие коллеги по X5',
      'Соседи по даче',
      'Вместе играют в теннис',
      'Познакомились на выставке CeMAT',
    ],
    referred: ['Порекомендовал нас на отраслевой конференции', 'Дал контакт и сам позвонил заранее', 'Рекомендация после удачного проекта'],
  },
  BG: {
    knows: ['Съученици от Техническия университет', 'Бивши колеги', 'Запознаха се на изложение в Пловдив'],
    referred: ['Препоръча ни на изложението', 'Даде ни контакта след успешен проект'],
  },
};

/**
 * Who knows whom and who referred whom, between the people one manager works with (a link can
 * only point at a contact the caller sees). Sources and targets are disjoint, so no later change
 * of a contact's links replaces a link set earlier.
 */
export async function seedContactLinks(ctx: DemoContext): Promise<void> {
  const rng = ctx.rng.fork('links');
  const bySeller = new Map<string, CreatedContact[]>();
  for (const c of ctx.contacts) bySeller.set(c.owner.key, [...(bySeller.get(c.owner.key) ?? []), c]);
  const plans: { source: CreatedContact; links: { contactId: string; kind: string; note: string | null }[] }[] = [];
  for (const list of bySeller.values()) {
    const shuffled = rng.shuffle([...list]);
    const sources = shuffled.slice(0, Math.round(list.length * 0.12));
    const targets = shuffled.slice(sources.length);
    for (const source of sources) {
      const candidates = targets.filter((t) => t.company?.id !== source.company?.id || !t.company);
      if (!candidates.length) continue;
      const links = rng.sample(candidates, rng.int(1, 2)).map((t) => {
        const kind = rng.weighted([
          ['knows', 70],
          ['referred', 20],
          ['referredBy', 10],
        ] as const);
        const notes = linkNotes[source.country][kind === 'knows' ? 'knows' : 'referred'];
        return { contactId: t.id, kind, note: rng.chance(0.7) ? rng.pick(notes) : null };
      });
      plans.push({ source, links });
    }
  }
  await inPool(plans, 6, async ({ source, links }) => {
    const updated = await attempt(ctx, () =>
      source.owner.client.patch<{ version: number }>(`/api/v1/contacts/${source.id}`, { version: source.version, links }),
    );
    if (!updated) return;
    source.version = updated.version;
    bump(ctx, 'contactLinks', links.length);
  });
}

/** Notes on the timelines of companies and contacts, written by their owners. */
export async function seedNotes(ctx: DemoContext): Promise<void> {
  const rng = ctx.rng.fork('notes');
  const plans: { client: Seller['client']; url: string; text: string }[] = [];
  for (const c of ctx.companies) {
    if (!rng.chance(0.35)) continue;
    for (let i = rng.int(1, 2); i > 0; i--)
      plans.push({ client: c.owner.client, url: `/api/v1/companies/${c.id}/notes`, text: rng.pick(notes[c.owner.lang].company) });
  }
  for (const c of ctx.contacts) {
    if (rng.chance(0.15))
      plans.push({ client: c.owner.client, url: `/api/v1/contacts/${c.id}/notes`, text: rng.pick(notes[c.owner.lang].contact) });
  }
  if (ctx.app.hasRoute({ method: 'POST', url: '/api/v1/deals/:id/notes' })) {
    for (const d of ctx.deals) {
      if (rng.chance(0.25))
        plans.push({ client: d.owner.client, url: `/api/v1/deals/${d.id}/notes`, text: rng.pick(notes[d.owner.lang].deal) });
    }
  }
  await inPool(plans, 6, async (p) => {
    if (await attempt(ctx, () => p.client.post(p.url, { text: p.text }))) bump(ctx, 'notes');
  });
}

/**
 * A few clients are shared with a colleague (a joint project, a manager covering a holiday),
 * so the shared-record rule of access is visible in the demo.
 */
export async function seedShares(ctx: DemoContext): Promise<void> {
  const rng = ctx.rng.fork('shares');
  const plans = rng
    .sample(
      ctx.companies.filter((c) => c.owner.def.role === 'manager'),
      12,
    )
    .map((company) => {
      const colleagues = ctx.sellers.filter(
        (s) => s.def.team === company.owner.def.team && s !== company.owner && s.def.role === 'manager',
      );
      return { company, to: rng.pick(colleagues) };
    });
  await inPool(plans, 4, async ({ company, to }) => {
    if (await attempt(ctx, () => company.owner.client.post(`/api/v1/companies/${company.id}/shares`, { userId: to.id })))
      bump(ctx, 'sharedCompanies');
  });
}
