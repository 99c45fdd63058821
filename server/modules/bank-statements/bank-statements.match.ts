import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { D, money } from '../money/index.js';
import * as repo from './bank-statements.repository.js';
import type { MatchRule, StatementDirection, StatementDocState } from './bank-statements.table.js';
import type { StatementDocument } from './statement.parse.js';

// Which issued invoice an incoming payment pays, by the rules of the issue, in order:
//   1. an invoice number written in НазначениеПлатежа («Оплата по счёту № СЧ-2026-000123»);
//   2. the payer's INN: a client with that INN owes an invoice of exactly the amount;
//   3. the payer's account: a client with that settlement account owes an invoice of exactly the amount.
// A number found for a client whose INN is not the payer's is not taken on its own (someone paying
// another's invoice is for a person to confirm); nor is a payment dated after today. What no rule
// settles waits in the queue, with the client the INN or account recognised offered first.

export type Allocation = { invoiceId: string; amount: string };

export type Match = {
  rule: MatchRule | null;
  companyId: string | null;
  allocations: Allocation[];
  /** What the payment keeps after its allocations: the client's advance. */
  advance: string;
  suggestedCompanyId: string | null;
};

/** One document of a file with what the import makes of it. */
export type Planned = {
  id: string;
  position: number;
  doc: StatementDocument;
  direction: StatementDirection;
  identity: string;
  duplicateOf: string | null;
  state: StatementDocState;
  currency: string;
  paymentDate: string;
  match: Match | null;
};

export type Incoming = { doc: StatementDocument; currency: string; paymentDate: string };

type Entity = { country: string; prefix: string };

// Words that announce a document number, so a bare «125» after them may be an invoice's sequence.
const MARKER = /(?:№|N|#|сч[её]т\p{L}*|сч\.?|инв\p{L}*|invoice|inv\.?|фактур\p{L}*|проформ\p{L}*)\s*[:.]?\s*$/iu;
const TOKEN = /[\p{L}\p{N}]+(?:[-/][\p{L}\p{N}]+)*/gu;
const SERIES = /^(\p{L}[\p{L}\p{N}]*)-(\d{4})-(\d{1,9})$/u;

const norm = (s: string) => s.toUpperCase().replace(/Ё/g, 'Е');

/**
 * The invoice numbers a purpose may name, in the order written, upper-cased. A number as printed
 * (СЧ-2026-000123, 0000000042) is taken anywhere; a shortened one (СЧ-2026-123) is completed; a
 * bare sequence after «№» or «счёт» is tried as a Bulgarian 10-digit number and in each Russian
 * series of the payment's year and the year before.
 */
export function numberCandidates(purpose: string, year: number, entities: readonly Entity[]): string[][] {
  const out: string[][] = [];
  for (const m of purpose.matchAll(TOKEN)) {
    const token = norm(m[0]);
    if (!/\d/.test(token)) continue;
    const forms = new Set<string>([token]);
    const series = SERIES.exec(token);
    if (series) forms.add(`${series[1]}-${series[2]}-${series[3].padStart(6, '0')}`);
    if (/^\d{1,10}$/.test(token) && MARKER.test(purpose.slice(Math.max(0, m.index - 20), m.index))) {
      for (const e of entities) {
        if (e.country === 'BG') forms.add(token.padStart(10, '0'));
        else for (const y of [year, year - 1]) forms.add(`${norm(e.prefix)}-${y}-${token.padStart(6, '0')}`);
      }
    }
    out.push([...forms]);
  }
  return out;
}

/** Everything the rules look at for a set of incoming payments, read in a few queries. */
export type MatchContext = {
  byNumber: Map<string, repo.OpenInvoice[]>;
  byCompany: Map<string, repo.OpenInvoice[]>;
  clientsByInn: Map<string, string[]>;
  clientsByAccount: Map<string, string[]>;
  candidates: string[][][];
};

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

/** `alsoClients`: clients whose open invoices are wanted besides those the payers' INN and accounts find. */
export async function loadContext(
  db: Db,
  user: AuthUser,
  incoming: readonly Incoming[],
  alsoClients: readonly string[] = [],
): Promise<MatchContext> {
  const entities = await repo.entitiesOf(db, user.workspaceId);
  const candidates = incoming.map((i) => numberCandidates(i.doc.purpose, Number(i.paymentDate.slice(0, 4)), entities));
  const numbers = [...new Set(candidates.flat(2))];
  const inns = [...new Set(incoming.map((i) => i.doc.payer.inn).filter(Boolean))];
  const accounts = [...new Set(incoming.map((i) => i.doc.payer.account).filter(Boolean))];
  const clients = await repo.clientsBy(db, user, inns, accounts);
  const clientsByInn = new Map<string, string[]>();
  const clientsByAccount = new Map<string, string[]>();
  const innSet = new Set(inns);
  const accountSet = new Set(accounts);
  for (const c of clients) {
    if (c.inn && innSet.has(c.inn)) push(clientsByInn, c.inn, c.id);
    if (c.settlement_account && accountSet.has(c.settlement_account)) push(clientsByAccount, c.settlement_account, c.id);
  }
  const invoices = await repo.openInvoices(db, user, { numbers, companyIds: [...clients.map((c) => c.id), ...alsoClients] });
  const byNumber = new Map<string, repo.OpenInvoice[]>();
  const byCompany = new Map<string, repo.OpenInvoice[]>();
  for (const inv of invoices) {
    push(byNumber, norm(inv.number), inv);
    push(byCompany, inv.company_id, inv);
  }
  return { byNumber, byCompany, clientsByInn, clientsByAccount, candidates };
}

/**
 * Applies the rules to each payment in file order. `left` holds what each invoice still owes as
 * the plan goes, so two payments of one file never pay the same balance twice.
 */
export function planMatches(ctx: MatchContext, incoming: readonly Incoming[], today: string, hold: ReadonlySet<number> = new Set()) {
  const left = new Map<string, InstanceType<typeof D>>();
  const owes = (inv: repo.OpenInvoice) => left.get(inv.id) ?? new D(inv.balance);
  return incoming.map((item, i): Match => {
    const { doc, currency, paymentDate } = item;
    const known = [...(ctx.clientsByInn.get(doc.payer.inn) ?? []), ...(ctx.clientsByAccount.get(doc.payer.account) ?? [])];
    const suggestedCompanyId = known[0] ?? null;
    const none: Match = { rule: null, companyId: null, allocations: [], advance: doc.amount, suggestedCompanyId };
    if (hold.has(i) || paymentDate > today || new D(doc.amount).lte(0)) return none;
    const open = (inv: repo.OpenInvoice) => inv.currency === currency && owes(inv).gt(0);

    // 1. Numbers in the purpose: each form of a token may name invoices of several legal entities;
    // a token naming more than one open invoice is ambiguous and skipped.
    const named: repo.OpenInvoice[] = [];
    for (const forms of ctx.candidates[i]) {
      const found = [...new Map(forms.flatMap((f) => ctx.byNumber.get(f) ?? []).map((inv) => [inv.id, inv])).values()].filter(open);
      const payerOwn = found.filter((inv) => !inv.company_inn || !doc.payer.inn || inv.company_inn === doc.payer.inn);
      if (payerOwn.length === 1 && !named.some((n) => n.id === payerOwn[0].id)) named.push(payerOwn[0]);
    }
    const sameClient = named.filter((inv) => inv.company_id === named[0]?.company_id);
    if (sameClient.length) return allocate('invoice_number', sameClient);

    // 2 and 3. A known client (by INN, then by account) owing exactly the amount: its oldest such invoice.
    const exact = (companyIds: readonly string[]) =>
      companyIds.flatMap((id) => ctx.byCompany.get(id) ?? []).find((inv) => open(inv) && owes(inv).eq(doc.amount));
    const byInn = doc.payer.inn ? exact(ctx.clientsByInn.get(doc.payer.inn) ?? []) : undefined;
    if (byInn) return allocate('inn_amount', [byInn]);
    const byAccount = doc.payer.account ? exact(ctx.clientsByAccount.get(doc.payer.account) ?? []) : undefined;
    if (byAccount) return allocate('account_amount', [byAccount]);
    return none;

    function allocate(rule: MatchRule, invoices: repo.OpenInvoice[]): Match {
      let rest = new D(doc.amount);
      const allocations: Allocation[] = [];
      for (const inv of invoices) {
        const take = D.min(rest, owes(inv));
        if (take.lte(0)) break;
        allocations.push({ invoiceId: inv.id, amount: money(take) });
        left.set(inv.id, owes(inv).minus(take));
        rest = rest.minus(take);
      }
      return { rule, companyId: invoices[0].company_id, allocations, advance: money(rest), suggestedCompanyId };
    }
  });
}

/** Open invoices a queued payment may pay, best first: named in its purpose, then the payer's by INN, then by account. */
export function candidatesFor(ctx: MatchContext, item: Incoming, extraCompanyId: string | null) {
  const seen = new Set<string>();
  const out: { invoice: repo.OpenInvoice; reason: 'number' | 'inn' | 'account' }[] = [];
  const add = (list: repo.OpenInvoice[], reason: 'number' | 'inn' | 'account') => {
    for (const invoice of list) {
      if (seen.has(invoice.id) || invoice.currency !== item.currency) continue;
      seen.add(invoice.id);
      out.push({ invoice, reason });
    }
  };
  add(
    ctx.candidates[0].flat().flatMap((f) => ctx.byNumber.get(f) ?? []),
    'number',
  );
  const innClients = [...(ctx.clientsByInn.get(item.doc.payer.inn) ?? []), ...(extraCompanyId ? [extraCompanyId] : [])];
  add(
    innClients.flatMap((id) => ctx.byCompany.get(id) ?? []),
    'inn',
  );
  add(
    (ctx.clientsByAccount.get(item.doc.payer.account) ?? []).flatMap((id) => ctx.byCompany.get(id) ?? []),
    'account',
  );
  return out;
}
