import { translate } from '../../contracts/i18n/index.js';
import { demoProducts, inactiveSkus } from './catalogue.js';
import { inPool, signIn, type DemoClient } from './client.js';
import { attempt, bump, type DemoContext, type PipelineRef, type StageRef } from './context.js';
import type { Lang } from './texts.js';
import { DEMO_PASSWORD, demoUsers, teams, type Team } from './users.js';

/** Creates the teams and users through the admin API (heads first: a team names its lead), then signs each one in. */
export async function seedUsers(ctx: DemoContext): Promise<void> {
  const ids = new Map<string, string>();
  const create = async (u: (typeof demoUsers)[number], teamId?: string) => {
    const created = await ctx.admin.post<{ id: string }>('/api/v1/users', {
      email: u.email,
      name: u.name,
      password: DEMO_PASSWORD,
      role: u.role,
      language: u.language,
      timeZone: u.timeZone,
      ...(teamId ? { teamId } : {}),
      ...(u.capacity ? { capacity: u.capacity } : {}),
    });
    ids.set(u.key, created.id);
    bump(ctx, 'users');
  };
  const teamIds = new Map<Team, string>();
  for (const [team, t] of Object.entries(teams) as [Team, (typeof teams)[Team]][]) {
    const head = demoUsers.find((u) => u.key === t.lead)!;
    await create(head);
    const created = await ctx.admin.post<{ id: string }>('/api/v1/teams', { name: t.name, leadId: ids.get(head.key) });
    teamIds.set(team, created.id);
    bump(ctx, 'teams');
    // The head belongs to the team too, so the team's dashboard counts their own book.
    await ctx.admin.patch(`/api/v1/users/${ids.get(head.key)}`, { teamId: created.id });
  }
  for (const u of demoUsers) if (!ids.has(u.key)) await create(u, u.team ? teamIds.get(u.team) : undefined);

  // Sequential: each sign-in verifies an argon2 hash, which is CPU-bound anyway.
  for (const u of demoUsers) {
    const client = await signIn(ctx.app, u.email, DEMO_PASSWORD);
    ctx.users.set(u.key, { id: ids.get(u.key)!, def: u, client });
    if (u.role === 'manager' || u.role === 'head_of_sales') {
      ctx.sellers.push({ key: u.key, id: ids.get(u.key)!, def: u, client, lang: u.language as Lang });
    }
  }
}

export const clientOf = (ctx: DemoContext, key: string): DemoClient => {
  const u = ctx.users.get(key);
  if (!u) throw new Error(`no demo user ${key}`);
  return u.client;
};

/** The price list: every product in roubles and euro; the commercial director maintains it. */
export async function seedProducts(ctx: DemoContext): Promise<void> {
  const director = clientOf(ctx, 'director');
  await inPool(demoProducts, 4, async (p) => {
    const created = await attempt(ctx, () =>
      director.post<{ id: string }>('/api/v1/products', {
        name: p.name,
        sku: p.sku,
        unit: p.unit,
        description: p.description ?? null,
        vatRate: p.vat,
        prices: [
          { currency: 'RUB', amount: p.rub },
          { currency: 'EUR', amount: p.eur },
        ],
        isActive: !inactiveSkus.has(p.sku),
      }),
    );
    if (created) {
      ctx.products.push({ id: created.id, sku: p.sku });
      bump(ctx, 'products');
    }
  });
}

type ApiPipeline = { id: string; name: string; isDefault: boolean; stages: StageRef[] };

const toRef = (p: ApiPipeline): PipelineRef => ({
  id: p.id,
  name: p.name,
  stages: p.stages,
  open: p.stages.filter((s) => s.kind === 'open'),
  won: p.stages.find((s) => s.kind === 'won')!,
  lost: p.stages.find((s) => s.kind === 'lost')!,
});

/**
 * Pipelines: the default one the application creates, plus long warehouse projects and quick
 * repeat sales of services and supplies; and one more lost reason the sales team asked for.
 */
export async function seedPipelines(ctx: DemoContext): Promise<void> {
  const head = clientOf(ctx, 'head-ru');
  const list = await head.get<{ items: ApiPipeline[] }>('/api/v1/pipelines');
  const sales = list.items.find((p) => p.isDefault) ?? list.items[0];
  const projects = await attempt(ctx, () =>
    head.post<ApiPipeline>('/api/v1/pipelines', {
      name: 'Комплексные проекты',
      stages: [
        { name: 'Первичный контакт', probability: 10, rottingDays: 14 },
        { name: 'Аудит склада', probability: 20, rottingDays: 21 },
        { name: 'Проект и спецификация', probability: 40, rottingDays: 30 },
        { name: 'КП отправлено', probability: 60, rottingDays: 21 },
        { name: 'Согласование договора', probability: 80, rottingDays: 14 },
        { name: 'Договор подписан', kind: 'won' },
        { name: 'Проект не состоялся', kind: 'lost' },
      ],
    }),
  );
  const service = await attempt(ctx, () =>
    head.post<ApiPipeline>('/api/v1/pipelines', {
      name: 'Сервис и расходники',
      stages: [
        { name: 'Запрос', probability: 30, rottingDays: 3 },
        { name: 'Счёт выставлен', probability: 70, rottingDays: 7 },
        { name: 'Ожидание оплаты', probability: 90, rottingDays: 10 },
        { name: 'Оплачено', kind: 'won' },
        { name: 'Отказ', kind: 'lost' },
      ],
    }),
  );
  bump(ctx, 'pipelines', 1 + (projects ? 1 : 0) + (service ? 1 : 0));
  ctx.pipelines = { sales: toRef(sales), projects: toRef(projects ?? sales), service: toRef(service ?? sales) };

  const tender = await attempt(ctx, () => head.post<{ id: string }>('/api/v1/lost-reasons', { name: 'Проиграли тендер' }));
  const reasons = await head.get<{ items: { id: string; name: string }[] }>('/api/v1/lost-reasons?active=true');
  for (const key of ['price', 'competitor', 'budget', 'noNeed', 'timing', 'unreachable', 'other']) {
    const names = (['ru', 'bg', 'en'] as const).map((l) => translate(l, `sales.defaults.lostReasons.${key}`));
    const r = reasons.items.find((x) => names.includes(x.name));
    if (r) ctx.lostReasons.set(key, r.id);
  }
  if (tender) ctx.lostReasons.set('tender', tender.id);
  bump(ctx, 'lostReasons', reasons.items.length);
}
