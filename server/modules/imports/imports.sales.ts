// Deal and activity rows. Each goes through the deals' or the activities' own service (createDeal,
// createActivity and their updates), so a row meets every rule of POST /deals or /activities
// (stages of the pipeline, a lost deal's reason and comment, owners the importer may assign, links
// only to records the importer may see) and leaves the read models exactly as the API would:
// stage moves, timelines, contact_activity_stats, audit entries and published changes. Each row
// runs in a savepoint of the batch's transaction: a refused row takes nothing with it, and a dry
// run rolls every row back once the service has decided, so it reports what the real run would do.
//
// Duplicates: a deal is the same deal when its title (case-insensitive) and its company are the
// same as a live deal's the importer may see, or, within the file, when it has the same external
// id (amoCRM's and Pipedrive's ID column repeat a lead on several rows). An activity is the same
// when its type, subject, planned time, contact and deal are.
import { sql } from 'kysely';
import { activityTypes, createActivityBody, type ActivityType, type CreateActivity } from '../../../contracts/activities.js';
import { createDealBody, type CreateDeal, type Deal } from '../../../contracts/deals.js';
import { translate } from '../../../contracts/i18n/index.js';
import { languages } from '../../../contracts/i18n/types.js';
import type { Pipeline } from '../../../contracts/pipelines.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db } from '../../platform/database.js';
import { AppError } from '../../platform/errors.js';
import { normalizePhone } from '../../platform/search/index.js';
import { addTimelineEvent } from '../../platform/timeline.js';
import { createActivity, deleteActivity, getActivity, updateActivity, visibleActivitiesLike } from '../activities/index.js';
import { companiesWithAnyKey, compact } from '../companies/index.js';
import { contactsWithAnyChannel, visibleContactsByName } from '../contacts/index.js';
import { createDeal, deleteDeal, getDeal, updateDeal, visibleDealsByTitle } from '../deals/index.js';
import { defaultPipeline, listLostReasons, listPipelines } from '../pipelines/index.js';
import { Outcome, type BatchOutcome, type Job, type RunState } from './imports.batch.js';
import type { DataRow } from './imports.files.js';
import type { ImportField } from './imports.presets.js';
import { cellsOf, joinNotes, parseDate, serviceIssues, splitList, validated, type Cells, type RowIssue } from './imports.rows.js';

const first = (c: Cells, f: ImportField) => c.get(f)?.[0];
const all = (c: Cells, f: ImportField) => c.get(f) ?? [];
const lower = (v: string) => v.trim().toLowerCase();

// ---------------------------------------------------------------- values as other CRMs write them

/**
 * An amount as exports write it: "1 500 000,50", "1,500,000.50", "1.500.000", "$1,500", "12000 руб."
 * -> "1500000.50". A lone comma before exactly three digits groups thousands; otherwise it is the
 * decimal mark. What is left is checked by the contract's money rule (two decimals, not negative).
 */
export function parseAmount(v: string): string {
  // The point of «руб.» or «лв.» is no decimal mark.
  let s = v
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(/[^\d.,-]/g, '')
    .replace(/^[.,]+|[.,]+$/g, '');
  const dot = s.lastIndexOf('.');
  const comma = s.lastIndexOf(',');
  if (dot >= 0 && comma >= 0) {
    const mark = dot > comma ? '.' : ',';
    s = s
      .split(mark === '.' ? ',' : '.')
      .join('')
      .replace(mark, '.');
  } else if (comma >= 0) s = /^-?\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  else if (/^-?\d{1,3}(\.\d{3}){2,}$/.test(s)) s = s.replace(/\./g, '');
  return s;
}

const CURRENCY_WORDS: Record<string, string> = {
  '₽': 'RUB',
  руб: 'RUB',
  'руб.': 'RUB',
  рубль: 'RUB',
  рублей: 'RUB',
  rur: 'RUB',
  '€': 'EUR',
  евро: 'EUR',
  $: 'USD',
  us$: 'USD',
  долл: 'USD',
  доллар: 'USD',
  лв: 'BGN',
  'лв.': 'BGN',
  лева: 'BGN',
};
const currencyOf = (v: string) => CURRENCY_WORDS[lower(v)] ?? v.trim().toUpperCase();

type Closing = 'open' | 'won' | 'lost';

// Words for a deal's outcome in a status column or as a closing stage of another CRM (amoCRM's
// «Успешно реализовано», Bitrix24's WON / LOSE, HubSpot's Closed Won), plus Orbita's own labels.
const CLOSING_WORDS = new Map<string, Closing>([
  ...(['won', 'win', 'closed won', 'closedwon', 'успешно реализовано', 'сделка успешна', 'успешна', 'выиграна', 'выигран'] as const).map(
    (w) => [w, 'won'] as const,
  ),
  ...(['lost', 'lose', 'closed lost', 'closedlost', 'закрыто и не реализовано', 'сделка провалена', 'провалена', 'проиграна'] as const).map(
    (w) => [w, 'lost'] as const,
  ),
  ...(['open', 'active', 'в работе', 'открыта'] as const).map((w) => [w, 'open'] as const),
  ...languages.flatMap((lang) => (['open', 'won', 'lost'] as const).map((s) => [lower(translate(lang, `sales.status.${s}`)), s] as const)),
]);

// Activity types as other CRMs and Orbita's exports (in ru, bg, en) name them.
const TYPE_WORDS = new Map<string, ActivityType>([
  ...activityTypes.map((t) => [t, t] as const),
  ...languages.flatMap((lang) => activityTypes.map((t) => [lower(translate(lang, `activities.types.${t}`)), t] as const)),
  ...(
    [
      ['phone call', 'call'],
      ['звонок', 'call'],
      ['звонить', 'call'],
      ['встреча', 'meeting'],
      ['e-mail', 'email'],
      ['письмо', 'letter'],
      ['задача', 'task'],
      ['to-do', 'task'],
      ['todo', 'task'],
      ['deadline', 'task'],
      ['lunch', 'meeting'],
    ] as const
  ).map(([w, t]) => [w, t as ActivityType] as const),
]);

// ---------------------------------------------------------------- what a run looks up once

type SalesSetup = {
  pipelines: Pipeline[];
  /** The pipeline rows without one of their own go to: the chosen one, else the default. */
  chosen: Pipeline;
  /** The stage mapping of the request, lower-cased file value -> stage id. */
  stageMapping: Map<string, string>;
  reasons: Map<string, string>;
};

const setups = new WeakMap<RunState, SalesSetup>();

async function setupOf(trx: Db, job: Job, state: RunState): Promise<SalesSetup> {
  const known = setups.get(state);
  if (known) return known;
  const fallback = await defaultPipeline(trx, job.user.workspaceId);
  const pipelines = await listPipelines(trx, job.user);
  const pipelineId = job.options?.pipelineId;
  const chosen = (pipelineId && pipelines.find((p) => p.id === pipelineId)) || fallback;
  const stageMapping = new Map(Object.entries(job.options?.stageMapping ?? {}).map(([k, v]) => [lower(k), v]));
  const reasons = new Map((await listLostReasons(trx, job.user, true)).map((r) => [lower(r.name), r.id]));
  const setup = { pipelines, chosen, stageMapping, reasons };
  setups.set(state, setup);
  return setup;
}

/**
 * The pipeline and stage of a deal row: its pipeline column (by name) or the chosen pipeline; its
 * stage by the request's stage mapping, else by the stage's name in that pipeline, else by a
 * closing word; a won or lost status moves it to that pipeline's won or lost stage.
 */
function stageOf(setup: SalesSetup, cells: Cells): { pipelineId: string; stageId?: string } | RowIssue {
  const pc = first(cells, 'pipeline');
  let pipeline = setup.chosen;
  if (pc) {
    const named = setup.pipelines.find((p) => lower(p.name) === lower(pc.value));
    if (!named) return { column: pc.column, field: 'pipelineId', code: 'imports.rules.pipelineUnknown', params: { value: pc.value } };
    pipeline = named;
  }
  const sc = first(cells, 'stage');
  const status = first(cells, 'status');
  let closing: Closing | undefined;
  if (status) {
    closing = CLOSING_WORDS.get(lower(status.value));
    if (!closing) return { column: status.column, field: 'status', code: 'imports.rules.statusUnknown', params: { value: status.value } };
  }
  let stageId: string | undefined;
  if (sc) {
    const mapped = setup.stageMapping.get(lower(sc.value));
    const mappedPipeline = mapped ? setup.pipelines.find((p) => p.stages.some((s) => s.id === mapped)) : undefined;
    if (mapped && mappedPipeline) {
      pipeline = mappedPipeline;
      stageId = mapped;
    } else {
      stageId = pipeline.stages.find((s) => lower(s.name) === lower(sc.value))?.id;
      const word = CLOSING_WORDS.get(lower(sc.value));
      if (!stageId && word && word !== 'open') closing ??= word;
      else if (!stageId)
        return {
          column: sc.column,
          field: 'stageId',
          code: 'imports.rules.stageUnknown',
          params: { value: sc.value, pipeline: pipeline.name },
        };
    }
  }
  const kind = stageId ? pipeline.stages.find((s) => s.id === stageId)?.kind : undefined;
  if (closing && closing !== 'open' && kind !== closing) {
    const target = pipeline.stages.find((s) => s.kind === closing);
    if (!target)
      return {
        column: (status ?? sc)!.column,
        field: 'stageId',
        code: 'imports.rules.stageUnknown',
        params: { value: closing, pipeline: pipeline.name },
      };
    stageId = target.id;
  }
  return { pipelineId: pipeline.id, stageId };
}

// ---------------------------------------------------------------- links, looked up per batch

type Links = {
  companies: Map<string, string>;
  contacts: Map<string, string>;
  deals: Map<string, { id: string; company_id: string | null; version: number }[]>;
};

const requisiteKey = (v: string) => {
  const c = compact(v).toUpperCase();
  return /^\d{10}$|^\d{12}$/.test(c) ? `inn:${c}` : `eik:${c.replace(/^BG/, '')}`;
};
/** A person's name as written and in the order contacts keep it (last name first): "Степан Лидов" is «Лидов Степан». */
const nameForms = (v: string) => {
  const w = v.trim().split(/\s+/);
  return w.length < 2 ? [lower(v)] : [lower(v), lower([w[w.length - 1], ...w.slice(0, -1)].join(' '))];
};
const phoneKey = (v: string, job: Job) => {
  const n = normalizePhone(v, job.ctx.region);
  return n ? `p:${n.replace(/\D/g, '')}` : null;
};

/** The companies, contacts and deals the rows of a batch name, among those the importer may see. */
async function linksOf(trx: Db, job: Job, rows: Cells[]): Promise<Links> {
  const inns = new Set<string>();
  const eiks = new Set<string>();
  const companyNames = new Set<string>();
  const phones = new Set<string>();
  const emails = new Set<string>();
  const contactNames = new Set<string>();
  const titles = new Set<string>();
  for (const cells of rows) {
    for (const c of all(cells, 'companyInn')) {
      const k = requisiteKey(c.value);
      (k.startsWith('inn:') ? inns : eiks).add(k.slice(4));
    }
    for (const c of all(cells, 'company')) companyNames.add(c.value);
    for (const c of all(cells, 'contactPhone')) for (const v of splitList(c.value)) phones.add(phoneKey(v, job)?.slice(2) ?? '');
    for (const c of all(cells, 'contactEmail')) for (const v of splitList(c.value)) emails.add(lower(v));
    for (const c of all(cells, 'contact')) for (const n of nameForms(c.value)) contactNames.add(n);
    for (const c of [...all(cells, 'deal'), ...all(cells, 'title')]) titles.add(c.value);
  }
  phones.delete('');
  const links: Links = { companies: new Map(), contacts: new Map(), deals: new Map() };
  const companies = await companiesWithAnyKey(trx, job.user, { inns: [...inns], eiks: [...eiks], names: [...companyNames] });
  for (const m of companies) {
    if (!m.visible) continue;
    for (const k of [m.inn ? `inn:${m.inn}` : null, m.eik ? `eik:${m.eik}` : null, `name:${lower(m.name)}`])
      if (k && !links.companies.has(k)) links.companies.set(k, m.id);
  }
  for (const m of await contactsWithAnyChannel(trx, job.user, [...phones], [...emails])) {
    if (!m.visible) continue;
    for (const p of m.phones) if (!links.contacts.has(`p:${p}`)) links.contacts.set(`p:${p}`, m.id);
    for (const e of m.emails) if (!links.contacts.has(`e:${e}`)) links.contacts.set(`e:${e}`, m.id);
  }
  for (const m of await visibleContactsByName(trx, job.user, [...contactNames]))
    if (!links.contacts.has(`name:${lower(m.full_name)}`)) links.contacts.set(`name:${lower(m.full_name)}`, m.id);
  for (const d of await visibleDealsByTitle(trx, job.user, [...titles])) {
    const list = links.deals.get(lower(d.title)) ?? [];
    list.push(d);
    links.deals.set(lower(d.title), list);
  }
  return links;
}

/** The company a row names (by INN/EIK first, then by name); a name nobody here has is a warning, not a rejection. */
function companyLink(links: Links, cells: Cells, warnings: RowIssue[]): string | null | undefined {
  const req = first(cells, 'companyInn');
  const name = first(cells, 'company');
  if (!req && !name) return undefined;
  const id = (req && links.companies.get(requisiteKey(req.value))) || (name && links.companies.get(`name:${lower(name.value)}`));
  if (id) return id;
  const c = (req ?? name)!;
  warnings.push({ column: c.column, field: 'companyId', code: 'imports.rules.linkNotFound', params: { value: c.value } });
  return null;
}

/** The person a row names: by phone, e-mail, then full name. */
function contactLink(job: Job, links: Links, cells: Cells, warnings: RowIssue[]): string | null | undefined {
  const given = [...all(cells, 'contactPhone'), ...all(cells, 'contactEmail'), ...all(cells, 'contact')];
  if (!given.length) return undefined;
  for (const c of all(cells, 'contactPhone'))
    for (const v of splitList(c.value)) {
      const k = phoneKey(v, job);
      if (k && links.contacts.has(k)) return links.contacts.get(k)!;
    }
  for (const c of all(cells, 'contactEmail'))
    for (const v of splitList(c.value)) if (links.contacts.has(`e:${lower(v)}`)) return links.contacts.get(`e:${lower(v)}`)!;
  for (const c of all(cells, 'contact'))
    for (const n of nameForms(c.value)) if (links.contacts.has(`name:${n}`)) return links.contacts.get(`name:${n}`)!;
  warnings.push({ column: given[0].column, field: 'contactId', code: 'imports.rules.linkNotFound', params: { value: given[0].value } });
  return null;
}

function ownerOf(job: Job, cells: Cells, origin: Map<string, string>, issues: RowIssue[]): string | undefined {
  const owner = first(cells, 'owner');
  if (!owner) return undefined;
  const id = job.ctx.users.get(lower(owner.value));
  if (!id) issues.push({ column: owner.column, field: 'ownerId', code: 'imports.rules.ownerUnknown', params: { value: owner.value } });
  else origin.set('ownerId', owner.column);
  return id;
}

/** The notes of a row: its notes columns, then the unmapped columns as "Column: value". */
function notesOf(job: Job, raw: string[], cells: Cells, extra: string[] = []): string | undefined {
  const notes = [...all(cells, 'notes').map((c) => c.value), ...extra];
  for (const i of job.ctx.toNotes) if (raw[i]?.trim()) notes.push(`${job.ctx.columns[i]}: ${raw[i].trim()}`);
  return joinNotes(notes);
}

const intOf = (v: string) => (/^-?\d+$/.test(v.trim().replace(/%$/, '')) ? Number(v.trim().replace(/%$/, '')) : v);

/** Runs `fn` in a savepoint: kept when `keep`, else rolled back (a dry run, or a refusal). */
async function inSavepoint<T>(trx: Db, keep: boolean, fn: () => Promise<T>): Promise<T> {
  await sql`savepoint import_row`.execute(trx);
  try {
    const v = await fn();
    if (!keep) await sql`rollback to savepoint import_row`.execute(trx);
    await sql`release savepoint import_row`.execute(trx);
    return v;
  } catch (e) {
    await sql`rollback to savepoint import_row`.execute(trx);
    await sql`release savepoint import_row`.execute(trx);
    throw e;
  }
}

/**
 * A service's refusal as the row's problems; anything but a refusal is the batch's failure. A
 * field the row left empty (a done call without its outcome) is named by the column mapped to it.
 */
function refusedBy(e: unknown, job: Job, cells: Cells): RowIssue[] {
  if (!(e instanceof AppError)) throw e;
  if (e.fields.length)
    return serviceIssues(e.fields, cells).map((i) => {
      const at = i.field ? job.ctx.fields.indexOf(i.field.split('.')[0] as ImportField) : -1;
      return i.column || at < 0 ? i : { ...i, column: job.ctx.columns[at] };
    });
  return [{ column: null, field: null, code: 'imports.rules.recordRefused', params: { reason: e.code } }];
}

// ---------------------------------------------------------------- deals

type DealPlan = { input: CreateDeal; notes: string | undefined; keys: string[]; warnings: RowIssue[] };

function dealFromRow(job: Job, setup: SalesSetup, links: Links, row: DataRow, cells: Cells): DealPlan | RowIssue[] {
  const issues: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const origin = new Map<string, string>();
  const input: Record<string, unknown> = {};
  const title = first(cells, 'title');
  if (title) {
    input.title = title.value;
    origin.set('title', title.column);
  } else
    issues.push({ column: job.ctx.columns[job.ctx.fields.indexOf('title')] ?? null, field: 'title', code: 'imports.rules.nameRequired' });
  const amount = first(cells, 'amount');
  if (amount) {
    input.amount = parseAmount(amount.value);
    origin.set('amount', amount.column);
  }
  const currency = first(cells, 'currency');
  if (currency) {
    input.currency = currencyOf(currency.value);
    origin.set('currency', currency.column);
  }
  const stage = stageOf(setup, cells);
  if ('code' in stage) issues.push(stage);
  else Object.assign(input, stage);
  const reason = first(cells, 'lostReason');
  if (reason) {
    const id = setup.reasons.get(lower(reason.value));
    if (id) input.lostReasonId = id;
    else
      issues.push({
        column: reason.column,
        field: 'lostReasonId',
        code: 'imports.rules.lostReasonUnknown',
        params: { value: reason.value },
      });
  }
  // Other CRMs keep a reason and no comment: the reason then stands for the comment the API asks for.
  const comment = first(cells, 'lostComment') ?? reason;
  if (comment) {
    input.lostComment = comment.value;
    origin.set('lostComment', comment.column);
  }
  const probability = first(cells, 'probability');
  if (probability) {
    input.probability = intOf(probability.value);
    origin.set('probability', probability.column);
  }
  const close = first(cells, 'closeDate');
  if (close) {
    const p = parseDate(close.value, job.ctx);
    if (p) input.expectedCloseDate = p.date;
    else
      issues.push({ column: close.column, field: 'expectedCloseDate', code: 'imports.rules.dateInvalid', params: { value: close.value } });
  }
  const source = first(cells, 'source');
  if (source) {
    input.source = source.value;
    origin.set('source', source.column);
  }
  const ownerId = ownerOf(job, cells, origin, issues);
  if (ownerId) input.ownerId = ownerId;
  const companyId = companyLink(links, cells, warnings);
  if (companyId) input.companyId = companyId;
  const contactId = contactLink(job, links, cells, warnings);
  if (contactId) input.contactIds = [contactId];
  const tags = all(cells, 'tags').flatMap((c) => splitList(c.value));
  const notes = notesOf(
    job,
    row.cells,
    cells,
    tags.length ? [`${translate(job.ctx.lang, 'imports.fields.tags')}: ${tags.join(', ')}`] : [],
  );
  const built = validated(createDealBody, input, origin, issues);
  if (!built) return issues;
  const external = first(cells, 'externalId');
  const keys = [`t:${lower(built.title)}|${built.companyId ?? ''}`, ...(external ? [`x:${external.value}`] : [])];
  return { input: built, notes, keys, warnings };
}

/** What an update from a row changes on a deal it matched, and those fields as they were. */
function dealChanges(current: Deal, input: CreateDeal) {
  const next: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  const was: Record<string, unknown> = {
    amount: current.amount,
    currency: current.currency,
    pipelineId: current.pipelineId,
    stageId: current.stageId,
    probability: current.probability,
    ownerId: current.ownerId,
    source: current.source,
    expectedCloseDate: current.expectedCloseDate,
    companyId: current.companyId,
    lostReasonId: current.lostReasonId,
    lostComment: current.lostComment,
  };
  for (const [k, v] of Object.entries(was)) {
    const now = input[k as keyof CreateDeal];
    if (now === undefined || JSON.stringify(now) === JSON.stringify(v)) continue;
    next[k] = now;
    before[k] = v;
  }
  // A deal moved back out of lost keeps no reason: undo puts both back with the stage.
  if (next.stageId && !('lostReasonId' in before) && current.status === 'lost') {
    before.lostReasonId = current.lostReasonId;
    before.lostComment = current.lostComment;
  }
  if (input.contactIds?.length && !current.contactIds.includes(input.contactIds[0])) {
    next.contactIds = [...current.contactIds, ...input.contactIds];
    before.contactIds = current.contactIds;
  }
  return { next, before };
}

async function addNote(trx: Db, job: Job, entity: 'deal', id: string, body: string) {
  const eventId = await addTimelineEvent(trx, {
    workspaceId: job.user.workspaceId,
    entity,
    entityId: id,
    kind: 'note',
    userId: job.user.id,
    body,
  });
  await recordAudit(trx, job.user, {
    entity: 'timeline_event',
    entityId: eventId,
    action: 'create',
    after: { entity, entityId: id, kind: 'note', body },
  });
}

async function dealRows(trx: Db, job: Job, state: RunState, out: Outcome, rows: DataRow[]) {
  const setup = await setupOf(trx, job, state);
  const cells = rows.map((r) => cellsOf(job.ctx, r.cells));
  const links = await linksOf(trx, job, cells);
  for (const [i, row] of rows.entries()) {
    const plan = dealFromRow(job, setup, links, row, cells[i]);
    if (Array.isArray(plan)) {
      out.reject(row, plan);
      continue;
    }
    const inFile = plan.keys.map((k) => state.deals.get(k)).find(Boolean);
    const inDb = (links.deals.get(lower(plan.input.title)) ?? []).find((d) => d.company_id === (plan.input.companyId ?? null));
    const matched = inFile && plan.keys.length > 1 && state.deals.get(plan.keys[1]) ? 'ID' : 'title + company';
    if (job.duplicates !== 'create' && (inFile || inDb)) {
      if (job.duplicates === 'skip') {
        out.skipped += 1;
        out.warn(row, [
          ...plan.warnings,
          inFile
            ? { column: null, field: null, code: 'imports.rules.duplicateInFile', params: { matched, row: inFile.row } }
            : { column: null, field: null, code: 'imports.rules.duplicateSkipped', params: { matched } },
        ]);
        continue;
      }
      const id = inFile ? inFile.id : inDb!.id;
      if (!id) {
        // A dry run: the deal it matches was only planned, a few rows up.
        out.updated += 1;
        out.warn(row, plan.warnings);
        continue;
      }
      try {
        const done = await inSavepoint(trx, !job.dryRun, async () => {
          const current = await getDeal(trx, job.user, id);
          const { next, before } = dealChanges(current, plan.input);
          if (!Object.keys(next).length && !plan.notes) return null;
          const after = Object.keys(next).length ? await updateDeal(trx, job.user, id, { ...next, version: current.version }) : current;
          if (plan.notes) await addNote(trx, job, 'deal', id, plan.notes);
          return { after, before };
        });
        if (!done) out.skipped += 1;
        else {
          out.updated += 1;
          if (!job.dryRun) out.record('deal', row.n, id, done.after.version, 'updated', done.before);
        }
        out.warn(row, plan.warnings);
      } catch (e) {
        out.reject(row, refusedBy(e, job, cells[i]));
      }
      continue;
    }
    try {
      const deal = await inSavepoint(trx, !job.dryRun, async () => {
        const d = await createDeal(trx, job.user, plan.input);
        if (plan.notes) await addNote(trx, job, 'deal', d.id, plan.notes);
        return d;
      });
      out.created += 1;
      out.warn(row, plan.warnings);
      const id = job.dryRun ? null : deal.id;
      if (id) out.record('deal', row.n, id, deal.version, 'created');
      for (const k of plan.keys) if (!state.deals.has(k)) state.deals.set(k, { row: row.n, id });
    } catch (e) {
      out.reject(row, refusedBy(e, job, cells[i]));
    }
  }
}

// ---------------------------------------------------------------- activities

type ActivityPlan = { input: CreateActivity; key: string; warnings: RowIssue[] };

function activityFromRow(job: Job, links: Links, row: DataRow, cells: Cells): ActivityPlan | RowIssue[] {
  const issues: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const origin = new Map<string, string>();
  const input: Record<string, unknown> = {};
  const type = first(cells, 'type');
  if (type) {
    const t = TYPE_WORDS.get(lower(type.value));
    if (t) input.type = t;
    else issues.push({ column: type.column, field: 'type', code: 'imports.rules.activityTypeUnknown', params: { value: type.value } });
  } else input.type = 'task';
  const subject = first(cells, 'subject');
  if (subject) {
    input.subject = subject.value;
    origin.set('subject', subject.column);
  } else
    issues.push({
      column: job.ctx.columns[job.ctx.fields.indexOf('subject')] ?? null,
      field: 'subject',
      code: 'imports.rules.subjectRequired',
    });
  for (const [field, key] of [
    ['dueAt', 'dueAt'],
    ['doneAt', 'doneAt'],
  ] as const) {
    const c = first(cells, field);
    if (!c) continue;
    const p = parseDate(c.value, job.ctx);
    if (p) {
      input[key] = p.at.toISOString();
      origin.set(key, c.column);
    } else issues.push({ column: c.column, field: key, code: 'imports.rules.dateInvalid', params: { value: c.value } });
  }
  if (!input.dueAt && !input.doneAt && !issues.some((i) => i.field === 'dueAt' || i.field === 'doneAt'))
    issues.push({ column: job.ctx.columns[job.ctx.fields.indexOf('dueAt')] ?? null, field: 'dueAt', code: 'imports.rules.dueRequired' });
  const duration = first(cells, 'durationMinutes');
  if (duration) {
    input.durationMinutes = intOf(duration.value);
    origin.set('durationMinutes', duration.column);
  }
  const outcome = first(cells, 'outcome');
  if (outcome) {
    input.outcome = outcome.value;
    origin.set('outcome', outcome.column);
  }
  const ownerId = ownerOf(job, cells, origin, issues);
  if (ownerId) input.ownerId = ownerId;
  const contactId = contactLink(job, links, cells, warnings);
  if (contactId) input.contactId = contactId;
  const companyId = companyLink(links, cells, warnings);
  if (companyId) input.companyId = companyId;
  const deal = first(cells, 'deal');
  if (deal) {
    const found = links.deals.get(lower(deal.value))?.[0];
    if (found) input.dealId = found.id;
    else warnings.push({ column: deal.column, field: 'dealId', code: 'imports.rules.linkNotFound', params: { value: deal.value } });
  }
  const notes = notesOf(job, row.cells, cells);
  if (notes) {
    input.notes = notes;
    origin.set('notes', all(cells, 'notes')[0]?.column ?? '');
  }
  const built = validated(createActivityBody, input, origin, issues);
  if (!built) return issues;
  const due = built.dueAt ?? built.doneAt!;
  const key = [built.type, lower(built.subject), new Date(due).toISOString(), built.contactId ?? '', built.dealId ?? ''].join('|');
  return { input: built, key, warnings };
}

async function activityRows(trx: Db, job: Job, state: RunState, out: Outcome, rows: DataRow[]) {
  const cells = rows.map((r) => cellsOf(job.ctx, r.cells));
  const links = await linksOf(trx, job, cells);
  const plans = rows.map((row, i) => activityFromRow(job, links, row, cells[i]));
  const wanted = plans.flatMap((p) =>
    Array.isArray(p) ? [] : [{ type: p.input.type, subject: p.input.subject, dueAt: new Date(p.input.dueAt ?? p.input.doneAt!) }],
  );
  const byKey = new Map<string, { id: string; version: number }>();
  if (job.duplicates !== 'create')
    for (const a of await visibleActivitiesLike(trx, job.user, wanted)) {
      const key = [a.type, lower(a.subject), a.due_at.toISOString(), a.contact_id ?? '', a.deal_id ?? ''].join('|');
      if (!byKey.has(key)) byKey.set(key, a);
    }
  for (const [i, row] of rows.entries()) {
    const plan = plans[i];
    if (Array.isArray(plan)) {
      out.reject(row, plan);
      continue;
    }
    const inFile = state.activities.get(plan.key);
    const inDb = byKey.get(plan.key);
    if (job.duplicates !== 'create' && (inFile || inDb)) {
      const matched = 'type + subject + time';
      if (job.duplicates === 'skip') {
        out.skipped += 1;
        out.warn(row, [
          ...plan.warnings,
          inFile
            ? { column: null, field: null, code: 'imports.rules.duplicateInFile', params: { matched, row: inFile.row } }
            : { column: null, field: null, code: 'imports.rules.duplicateSkipped', params: { matched } },
        ]);
        continue;
      }
      const id = inFile ? inFile.id : inDb!.id;
      if (!id) {
        out.updated += 1;
        out.warn(row, plan.warnings);
        continue;
      }
      try {
        const done = await inSavepoint(trx, !job.dryRun, async () => {
          const current = await getActivity(trx, job.user, id);
          const next: Record<string, unknown> = {};
          const before: Record<string, unknown> = {};
          for (const k of ['outcome', 'notes', 'doneAt', 'durationMinutes', 'ownerId', 'companyId'] as const) {
            const v = plan.input[k];
            if (v === undefined || v === null || JSON.stringify(v) === JSON.stringify(current[k])) continue;
            next[k] = v;
            before[k] = current[k];
          }
          if (next.doneAt && !current.done) {
            next.done = true;
            before.done = false;
          }
          if (!Object.keys(next).length) return null;
          const after = await updateActivity(trx, job.user, id, { ...next, version: current.version });
          return { after, before };
        });
        if (!done) out.skipped += 1;
        else {
          out.updated += 1;
          if (!job.dryRun) out.record('activity', row.n, id, done.after.version, 'updated', done.before);
        }
        out.warn(row, plan.warnings);
      } catch (e) {
        out.reject(row, refusedBy(e, job, cells[i]));
      }
      continue;
    }
    try {
      const a = await inSavepoint(trx, !job.dryRun, () => createActivity(trx, job.user, plan.input));
      out.created += 1;
      out.warn(row, plan.warnings);
      const id = job.dryRun ? null : a.id;
      if (id) out.record('activity', row.n, id, a.version, 'created');
      if (!state.activities.has(plan.key)) state.activities.set(plan.key, { row: row.n, id });
    } catch (e) {
      out.reject(row, refusedBy(e, job, cells[i]));
    }
  }
}

/** Runs one batch of deal or activity rows (in `trx`; a dry run rolls each row back). */
export async function processSalesBatch(
  trx: Db,
  job: Job,
  state: RunState,
  rows: DataRow[],
  entity: 'deals' | 'activities',
): Promise<BatchOutcome> {
  const out = new Outcome(job.importId);
  if (entity === 'deals') await dealRows(trx, job, state, out, rows);
  else await activityRows(trx, job, state, out, rows);
  return out;
}

/**
 * Undoes what an import did to one deal or activity: a created one goes to the bin, an updated one
 * gets its former values back, each only while nobody changed it since. Returns whether it did.
 */
export async function undoSalesRecord(
  trx: Db,
  job: Pick<Job, 'user'>,
  r: { entity: string; entity_id: string; action: 'created' | 'updated'; version: number; before: Record<string, unknown> | null },
): Promise<boolean> {
  const current = r.entity === 'deal' ? await getDeal(trx, job.user, r.entity_id) : await getActivity(trx, job.user, r.entity_id);
  if (current.version !== r.version) return false;
  return inSavepoint(trx, true, async () => {
    if (r.action === 'created') {
      if (r.entity === 'deal') await deleteDeal(trx, job.user, r.entity_id);
      else await deleteActivity(trx, job.user, r.entity_id);
      return true;
    }
    if (!r.before) return false;
    const body = { ...r.before, version: current.version };
    if (r.entity === 'deal') await updateDeal(trx, job.user, r.entity_id, body as never);
    else await updateActivity(trx, job.user, r.entity_id, body as never);
    return true;
  });
}
