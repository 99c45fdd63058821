import { z } from 'zod';
import { int32 } from './common.js';
import { currencySchema, moneySchema } from './products.js';
import { linkedRecordSchema } from './records.js';

// Bank statements imported from 1C and client-banks (1CClientBankExchange): the upload's answer,
// the review of proposed matches before confirming (dry run), the history, and the queue where
// finance settles the incoming payments no rule recognised.

const text = (max: number) => z.string().trim().max(max);

/** Largest statement file accepted (a month of a busy account is a few megabytes). */
export const STATEMENT_MAX_BYTES = 50 * 1024 * 1024;

export const statementDirections = ['incoming', 'outgoing', 'other'] as const;
export const statementDocStates = ['matched', 'unmatched', 'ignored', 'outgoing', 'other', 'duplicate'] as const;
export const matchRules = ['invoice_number', 'inn_amount', 'account_amount', 'manual', 'new_client'] as const;
export type StatementDocStateName = (typeof statementDocStates)[number];
export type MatchRuleName = (typeof matchRules)[number];

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const uploadStatementQuery = z.object({
  /** true: read and match the file, answer what would happen, store nothing (the review before confirming). */
  dryRun: boolQuery.optional(),
});

/** The counts of an import, as POST /bank-statements answers them. */
const counts = {
  documents: int32(),
  incoming: int32(),
  outgoing: int32(),
  matched: int32(),
  unmatched: int32(),
  duplicates: int32(),
};

export const statementImportSchema = z.object({ id: z.uuid(), ...counts });
export type StatementImport = z.infer<typeof statementImportSchema>;

export const partySchema = z.object({
  name: z.string(),
  inn: z.string(),
  kpp: z.string(),
  account: z.string(),
  bik: z.string(),
  bank: z.string(),
});

export const proposedAllocationSchema = z.object({
  invoiceId: z.uuid(),
  /** Null when the caller may not see that invoice (never for finance, who sees them all). */
  number: z.string().nullable(),
  amount: z.string(),
});

/** What a document of the file is and what the import does (or did) with it. */
const documentFields = {
  position: int32(),
  line: int32(),
  direction: z.enum(statementDirections),
  state: z.enum(statementDocStates),
  type: z.string().nullable(),
  number: z.string(),
  date: z.string().nullable(),
  amount: z.string(),
  currency: currencySchema,
  payer: partySchema,
  recipient: partySchema,
  purpose: z.string(),
  matchRule: z.enum(matchRules).nullable(),
  company: linkedRecordSchema.nullable(),
  allocations: z.array(proposedAllocationSchema),
  /** What is left of the payment after its allocations: the client's advance. */
  advance: z.string(),
  /** A client the rules recognised (by INN or account) without an invoice to pay: offered first in the queue. */
  suggestedCompany: linkedRecordSchema.nullable(),
};

export const proposedDocumentSchema = z.object(documentFields);
export type ProposedDocument = z.infer<typeof proposedDocumentSchema>;

/** The dry run: the same counts, and every document with the match proposed for it; nothing stored. */
export const statementPreviewSchema = z.object({ id: z.null(), ...counts, items: z.array(proposedDocumentSchema) });
export type StatementPreview = z.infer<typeof statementPreviewSchema>;

export const statementDocumentSchema = z.object({
  id: z.uuid(),
  statementId: z.uuid(),
  ...documentFields,
  paymentId: z.uuid().nullable(),
  /** The first import of the same document, when this one is a duplicate. */
  duplicateOf: z.uuid().nullable(),
  ignoreReason: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type StatementDocument = z.infer<typeof statementDocumentSchema>;

export const statementBalanceSchema = z.object({
  account: z.string(),
  dateFrom: z.string().nullable(),
  dateTo: z.string().nullable(),
  opening: z.string().nullable(),
  received: z.string().nullable(),
  spent: z.string().nullable(),
  closing: z.string().nullable(),
});

export const statementSchema = z.object({
  id: z.uuid(),
  fileName: z.string().nullable(),
  formatVersion: z.string().nullable(),
  encoding: z.string(),
  sender: z.string().nullable(),
  receiver: z.string().nullable(),
  createdOn: z.string().nullable(),
  dateFrom: z.string().nullable(),
  dateTo: z.string().nullable(),
  accounts: z.array(z.string()),
  balances: z.array(statementBalanceSchema),
  legalEntity: linkedRecordSchema.nullable(),
  ...counts,
  /** Incoming documents still waiting in the queue now (the count at upload is `unmatched`). */
  waiting: int32(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type Statement = z.infer<typeof statementSchema>;

export const listStatementsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
});
export const statementListSchema = z.object({ items: z.array(statementSchema), nextCursor: z.string().nullable() });

export const listStatementDocumentsQuery = z.object({
  state: z.enum(statementDocStates).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(1000).optional(),
});
export const statementDocumentListSchema = z.object({ items: z.array(statementDocumentSchema), nextCursor: z.string().nullable() });

/** The queue: incoming documents of every statement in one state (unmatched by default), oldest first. */
export const queueQuery = z.object({
  state: z.enum(['unmatched', 'ignored', 'matched']).default('unmatched'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(1000).optional(),
});

export const candidateInvoiceSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  company: linkedRecordSchema,
  issueDate: z.string(),
  dueDate: z.string(),
  currency: currencySchema,
  total: z.string(),
  balance: z.string(),
  /** Why it is offered: its number is in the purpose, the client's INN or account is the payer's. */
  reason: z.enum(['number', 'inn', 'account']),
});
export type CandidateInvoice = z.infer<typeof candidateInvoiceSchema>;

/** One document of the queue with the open invoices it may pay, best first. */
export const statementDocumentDetailSchema = statementDocumentSchema.extend({ candidates: z.array(candidateInvoiceSchema) });
export type StatementDocumentDetail = z.infer<typeof statementDocumentDetailSchema>;

export const matchDocumentBody = z.object({
  /** The client who paid; optional when allocations name its invoices. Without allocations the whole sum is its advance. */
  companyId: z.uuid().optional(),
  allocations: z
    .array(z.object({ invoiceId: z.uuid(), amount: moneySchema }))
    .max(200)
    .default([]),
});
export type MatchDocumentBody = z.infer<typeof matchDocumentBody>;

const requisite = (max: number) => text(max).nullable().optional();

/** Each requisite defaults to the document's (the payer's); null leaves it out, a value corrects it. */
export const createClientBody = z.object({
  /** The client's name; the payer's name from the document when left out. */
  name: text(300).min(1).optional(),
  inn: requisite(20),
  kpp: requisite(20),
  settlementAccount: requisite(30),
  bik: requisite(20),
  bankName: requisite(300),
  corrAccount: requisite(30),
  ownerId: z.uuid().optional(),
});
export type CreateClientBody = z.infer<typeof createClientBody>;

export const ignoreDocumentBody = z.object({ reason: text(1000).min(1) });
