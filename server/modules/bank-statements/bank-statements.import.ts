import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import type { StatementImport, StatementPreview } from '../../../contracts/bank-statements.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { lockValues } from '../../platform/locks.js';
import { createPayments, todayOf } from '../invoices/index.js';
import { StatementErrors } from './bank-statements.errors.js';
import { currencyOfAccount, directionsOf, identityOf, ourAccountOf } from './bank-statements.identity.js';
import { loadContext, planMatches, type Incoming, type Planned } from './bank-statements.match.js';
import * as repo from './bank-statements.repository.js';
import { assertBooks, previewItems } from './bank-statements.view.js';
import type { BankStatementDocumentsTable, StatementDocState } from './bank-statements.table.js';
import { parseStatement, StatementError, type ParsedStatement } from './statement.parse.js';

// Importing a statement: read the whole file (or refuse it, naming the line and key, with nothing
// stored), recognise the documents imported before, match the new incoming ones to invoices, and
// store the statement, its documents and the payments they became in one transaction. Imports of
// one workspace take turns (an advisory lock), so two uploads of the same file at once cannot both
// see its documents as new: the second finds the first's and counts them as duplicates.

export type Upload = { name: string | null; bytes: Buffer };

export type Plan = { statement: ParsedStatement; legalEntityId: string | null; items: Planned[] };

/** The 422 for a file that breaks the format: its line and key in the message and on `file`. */
function malformed(e: StatementError) {
  const params = { line: e.line, key: e.key };
  return StatementErrors.STATEMENT_MALFORMED({ params, fields: [{ path: 'file', code: `bankStatements.rules.${e.rule}`, params }] });
}

/** Parses the bytes or throws the 422 naming the line and key. */
export function readStatement(bytes: Uint8Array): ParsedStatement {
  try {
    return parseStatement(bytes);
  } catch (e) {
    if (e instanceof StatementError) throw malformed(e);
    throw e;
  }
}

/** What the import would do with each document, read from the database as it is now. */
export async function planImport(db: Db, user: AuthUser, s: ParsedStatement, hold: ReadonlySet<number>): Promise<Plan> {
  const entities = await repo.entitiesOf(db, user.workspaceId);
  const entityAccounts = entities.map((e) => e.settlement_account).filter((a): a is string => !!a);
  const legalEntityId = entities.find((e) => e.settlement_account && s.accounts.includes(e.settlement_account))?.id ?? null;
  const directions = directionsOf(s, entityAccounts);
  const identities = s.documents.map((d, i) => identityOf(d, directions[i], s));
  const known = await repo.knownIdentities(db, user.workspaceId, identities);
  const today = todayOf(user);
  const firstInFile = new Map<string, string>();
  const items: Planned[] = s.documents.map((doc, i) => {
    const id = crypto.randomUUID();
    const identity = identities[i];
    // A document met before (in an earlier statement, or earlier in this file) is a duplicate of the first.
    const duplicateOf = known.get(identity) ?? firstInFile.get(identity) ?? null;
    if (!duplicateOf) firstInFile.set(identity, id);
    const direction = directions[i];
    const state: StatementDocState = duplicateOf ? 'duplicate' : direction === 'incoming' ? 'unmatched' : direction;
    return {
      id,
      position: i + 1,
      doc,
      direction,
      identity,
      duplicateOf,
      state,
      currency: currencyOfAccount(ourAccountOf(doc, direction, s)),
      paymentDate: doc.creditedOn ?? doc.date ?? s.dateTo ?? today,
      match: null,
    };
  });
  const fresh = items.filter((p) => p.state === 'unmatched');
  const incoming: Incoming[] = fresh.map((p) => ({ doc: p.doc, currency: p.currency, paymentDate: p.paymentDate }));
  const ctx = await loadContext(db, user, incoming);
  const held = new Set(fresh.flatMap((p, i) => (hold.has(p.position) ? [i] : [])));
  planMatches(ctx, incoming, today, held).forEach((m, i) => {
    fresh[i].match = m;
    if (m.rule) fresh[i].state = 'matched';
  });
  return { statement: s, legalEntityId, items };
}

export function countsOf(plan: Plan) {
  const n = (f: (p: Planned) => boolean) => plan.items.filter(f).length;
  return {
    documents: plan.items.length,
    incoming: n((p) => p.direction === 'incoming'),
    outgoing: n((p) => p.direction === 'outgoing'),
    matched: n((p) => p.state === 'matched'),
    unmatched: n((p) => p.state === 'unmatched'),
    duplicates: n((p) => p.state === 'duplicate'),
  };
}

/** The payment a matched (or settled by hand) document becomes. */
export function paymentInput(
  d: { number: string; date: string | null; amount: string; purpose: string; payerName: string },
  currency: string,
  paymentDate: string,
) {
  const reference = [d.number && `№ ${d.number}`, d.date].filter(Boolean).join(', ');
  return {
    amount: d.amount,
    currency: currency as 'RUB',
    date: paymentDate,
    method: 'bank_transfer' as const,
    reference: reference.slice(0, 200) || null,
    notes: [d.payerName, d.purpose].filter(Boolean).join(': ').slice(0, 5000) || null,
  };
}

function documentRow(
  workspaceId: string,
  statementId: string,
  p: Planned,
  paymentId: string | null,
): Insertable<BankStatementDocumentsTable> {
  const { doc } = p;
  return {
    id: p.id,
    workspace_id: workspaceId,
    statement_id: statementId,
    position: p.position,
    line: doc.line,
    identity: p.identity,
    duplicate_of: p.duplicateOf,
    direction: p.direction,
    state: p.state,
    doc_type: doc.type,
    number: doc.number,
    date: doc.date,
    amount: doc.amount,
    currency: p.currency,
    payer_account: doc.payer.account,
    payer_inn: doc.payer.inn,
    payer_kpp: doc.payer.kpp,
    payer_name: doc.payer.name,
    payer_bik: doc.payer.bik,
    payer_bank: doc.payer.bank,
    recipient_account: doc.recipient.account,
    recipient_inn: doc.recipient.inn,
    recipient_kpp: doc.recipient.kpp,
    recipient_name: doc.recipient.name,
    recipient_bik: doc.recipient.bik,
    recipient_bank: doc.recipient.bank,
    debited_on: doc.debitedOn,
    credited_on: doc.creditedOn,
    purpose: doc.purpose,
    fields: JSON.stringify(doc.fields),
    match_rule: p.state === 'matched' ? p.match!.rule : null,
    company_id: p.state === 'matched' ? p.match!.companyId : null,
    payment_id: paymentId,
    suggested_company_id: p.match?.suggestedCompanyId ?? null,
    ignore_reason: null,
    resolved_by: null,
    resolved_at: p.state === 'matched' ? new Date() : null,
  };
}

/**
 * Imports a statement file: the counts of POST /bank-statements. With `dryRun` nothing is stored
 * and every document comes back with the match proposed for it (the review before confirming).
 * `hold`: positions of documents to leave in the queue whatever the rules say.
 */
export async function importStatement(
  db: Db,
  user: AuthUser,
  file: Upload,
  opts: { dryRun: boolean; hold: ReadonlySet<number> },
): Promise<StatementImport | StatementPreview> {
  assertBooks(user);
  const statement = readStatement(file.bytes);
  if (opts.dryRun) {
    const plan = await planImport(db, user, statement, opts.hold);
    return { id: null, ...countsOf(plan), items: await previewItems(db, user, plan.items) };
  }
  return db.transaction().execute(async (trx) => {
    await lockValues(trx, user.workspaceId, 'bank-statement-import', ['all']);
    const plan = await planImport(trx, user, statement, opts.hold);
    const counts = countsOf(plan);
    const s = plan.statement;
    const id = await repo.insertStatement(trx, {
      workspace_id: user.workspaceId,
      file_name: file.name,
      file_sha256: crypto.createHash('sha256').update(file.bytes).digest('hex'),
      format_version: s.version,
      encoding: s.encoding,
      sender: s.sender,
      receiver: s.receiver,
      created_on: s.createdOn,
      date_from: s.dateFrom,
      date_to: s.dateTo,
      accounts: s.accounts,
      balances: JSON.stringify(s.balances),
      legal_entity_id: plan.legalEntityId,
      ...counts,
      uploaded_by: user.id,
    });
    // Every matched document's payment booked in one batch, in file order (as the plan allocated them).
    const matched = plan.items.filter((p) => p.state === 'matched');
    const paymentIds = await createPayments(
      trx,
      user,
      matched.map((p) => ({
        ...paymentInput({ ...p.doc, payerName: p.doc.payer.name }, p.currency, p.paymentDate),
        companyId: p.match!.companyId!,
        allocations: p.match!.allocations,
      })),
    );
    const paymentOf = new Map(matched.map((p, i) => [p.id, paymentIds[i]]));
    const rows: Insertable<BankStatementDocumentsTable>[] = plan.items.map((p) =>
      documentRow(user.workspaceId, id, p, paymentOf.get(p.id) ?? null),
    );
    await repo.insertDocuments(trx, rows);
    await recordAudit(trx, user, {
      entity: 'bank_statement',
      entityId: id,
      action: 'create',
      after: { fileName: file.name, accounts: s.accounts, dateFrom: s.dateFrom, dateTo: s.dateTo, ...counts },
    });
    return { id, ...counts };
  });
}
