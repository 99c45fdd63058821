import { translate, type Lang } from '../../../contracts/i18n/index.js';
import { ymdOf, zoneOr } from '../../../contracts/time.js';
import type { Currency } from '../../../contracts/products.js';
import type { Forecast, ForecastQuery, LostReasonsReport } from '../../../contracts/reports.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { findWorkspaceSettings } from '../../platform/settings.js';
import { PlatformErrors } from '../../platform/errors.js';
import { D, money } from '../deals/index.js';
import { listLostReasons, pipelineNames } from '../pipelines/index.js';
import * as repo from './reports.repository.js';

/** The period asked for, or the current calendar year where the user is. */
function period(user: AuthUser, from?: string, to?: string): { from: string; to: string } {
  const year = ymdOf(new Date(), zoneOr(user.timeZone, 'UTC')).slice(0, 4);
  const p = { from: from ?? `${year}-01-01`, to: to ?? `${year}-12-31` };
  if (p.to < p.from) throw PlatformErrors.VALIDATION({ fields: [{ path: 'to', code: 'sales.periodInvalid' }] });
  if (Number(p.to.slice(0, 4)) - Number(p.from.slice(0, 4)) > 10)
    throw PlatformErrors.VALIDATION({ fields: [{ path: 'from', code: 'sales.periodTooLong' }] });
  return p;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

// One formatter per language for the process: each new Intl.DateTimeFormat costs ~0.4 ms of CPU and
// native memory V8 is slow to give back (the bench saw RSS grow past 1.5 GB making one per label).
const monthFormats = new Map<Lang, Intl.DateTimeFormat>();
const monthLabel = (lang: Lang, key: string) => {
  let f = monthFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    monthFormats.set(lang, f);
  }
  return f.format(new Date(`${key}-01T00:00:00Z`));
};

async function workspaceCurrency(db: Db, workspaceId: string): Promise<Currency> {
  return (await findWorkspaceSettings(db, workspaceId))?.defaultCurrency ?? 'RUB';
}

/**
 * Weighted forecast: per month, owner or pipeline and per currency, the open amount of deals
 * expected to sign in the period, its weighted value, and what was actually won in the period.
 */
export async function forecast(db: Db, user: AuthUser, lang: Lang, q: ForecastQuery): Promise<Forecast> {
  const { from, to } = period(user, q.from, q.to);
  const rows = await repo.forecastRows(db, user, { ...q, from, to });
  const zero = { open_amount: '0', weighted_amount: '0.00', won_amount: '0', open_count: 0, won_count: 0 };
  let filled = rows;
  if (q.groupBy === 'month') {
    // Every month of the period appears, so a chart has no gaps.
    const currencies = [...new Set(rows.map((r) => r.currency))];
    if (currencies.length === 0) currencies.push(q.currency ?? (await workspaceCurrency(db, user.workspaceId)));
    const byKey = new Map(rows.map((r) => [`${r.key}|${r.currency}`, r]));
    filled = monthsBetween(from, to).flatMap((m) =>
      currencies.sort().map((c) => byKey.get(`${m}|${c}`) ?? { ...zero, key: m, currency: c }),
    );
  }
  const ids = [...new Set(rows.map((r) => r.key).filter((k): k is string => !!k))];
  const names =
    q.groupBy === 'owner'
      ? await repo.userNames(db, user.workspaceId, ids)
      : q.groupBy === 'pipeline'
        ? await pipelineNames(db, user.workspaceId, ids)
        : new Map<string, string>();
  const label = (key: string | null) => {
    if (q.groupBy === 'month') return monthLabel(lang, key!);
    if (!key) return translate(lang, 'sales.report.noOwner');
    return names.get(key) ?? key;
  };
  const groups = filled.map((r) => ({
    key: r.key ?? 'none',
    label: label(r.key),
    currency: r.currency as Currency,
    openAmount: money(new D(r.open_amount)),
    weightedAmount: money(new D(r.weighted_amount)),
    wonAmount: money(new D(r.won_amount)),
    openCount: r.open_count,
    wonCount: r.won_count,
  }));
  if (q.groupBy !== 'month') groups.sort((a, b) => a.label.localeCompare(b.label, lang) || a.currency.localeCompare(b.currency));
  const totals = new Map<string, { open: InstanceType<typeof D>; weighted: InstanceType<typeof D>; won: InstanceType<typeof D> }>();
  for (const g of groups) {
    const t = totals.get(g.currency) ?? { open: new D(0), weighted: new D(0), won: new D(0) };
    totals.set(g.currency, { open: t.open.plus(g.openAmount), weighted: t.weighted.plus(g.weightedAmount), won: t.won.plus(g.wonAmount) });
  }
  return {
    from,
    to,
    groupBy: q.groupBy,
    groups,
    totals: [...totals.entries()].map(([currency, t]) => ({
      currency: currency as Currency,
      openAmount: money(t.open),
      weightedAmount: money(t.weighted),
      wonAmount: money(t.won),
    })),
  };
}

type Amounts = Map<string, InstanceType<typeof D>>;
const addAmount = (m: Amounts, currency: string, amount: string) => m.set(currency, (m.get(currency) ?? new D(0)).plus(amount));
const amountList = (m: Amounts) =>
  [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, v]) => ({ currency: currency as Currency, amount: money(v) }));

/** Refusal reasons: lost deals of the period by reason and by manager (count and amount per currency). */
export async function lostReasonsReport(
  db: Db,
  user: AuthUser,
  lang: Lang,
  q: { from?: string; to?: string; ownerId?: string; pipelineId?: string },
): Promise<LostReasonsReport> {
  const { from, to } = period(user, q.from, q.to);
  const rows = await repo.lostRows(db, user, { ...q, from, to });
  const [reasons, owners] = await Promise.all([
    listLostReasons(db, user),
    repo.userNames(db, user.workspaceId, [...new Set(rows.map((r) => r.owner_id).filter((x): x is string => !!x))]),
  ]);
  const reasonName = new Map(reasons.map((r) => [r.id, r.name]));
  const total = { count: 0, amounts: new Map() as Amounts };
  const byReason = new Map<string | null, { count: number; amounts: Amounts }>();
  const byOwner = new Map<string | null, { count: number; amounts: Amounts; reasons: Map<string | null, number> }>();
  for (const r of rows) {
    total.count += r.n;
    addAmount(total.amounts, r.currency, r.amount);
    const br = byReason.get(r.reason_id) ?? { count: 0, amounts: new Map() };
    br.count += r.n;
    addAmount(br.amounts, r.currency, r.amount);
    byReason.set(r.reason_id, br);
    const bo = byOwner.get(r.owner_id) ?? { count: 0, amounts: new Map(), reasons: new Map() };
    bo.count += r.n;
    addAmount(bo.amounts, r.currency, r.amount);
    bo.reasons.set(r.reason_id, (bo.reasons.get(r.reason_id) ?? 0) + r.n);
    byOwner.set(r.owner_id, bo);
  }
  const share = (n: number) => (total.count ? new D(n).mul(100).div(total.count).toDecimalPlaces(1).toFixed(1) : '0.0');
  return {
    from,
    to,
    total: { count: total.count, amounts: amountList(total.amounts) },
    byReason: [...byReason.entries()]
      .map(([id, v]) => ({
        reasonId: id,
        reasonName: id ? (reasonName.get(id) ?? id) : translate(lang, 'sales.report.noReason'),
        count: v.count,
        share: share(v.count),
        amounts: amountList(v.amounts),
      }))
      .sort((a, b) => b.count - a.count || a.reasonName.localeCompare(b.reasonName, lang)),
    byOwner: [...byOwner.entries()]
      .map(([id, v]) => ({
        ownerId: id,
        ownerName: id ? (owners.get(id) ?? id) : translate(lang, 'sales.report.noOwner'),
        count: v.count,
        amounts: amountList(v.amounts),
        reasons: [...v.reasons.entries()].map(([reasonId, count]) => ({ reasonId, count })).sort((a, b) => b.count - a.count),
      }))
      .sort((a, b) => b.count - a.count || a.ownerName.localeCompare(b.ownerName, lang)),
  };
}
