import type { ParsedStatement, StatementDocument } from './statement.parse.js';
import { directionOf } from './statement.parse.js';
import type { StatementDirection } from './bank-statements.table.js';

// What a document is, seen from our accounts, and what identifies it across files. A client-bank
// exports the same payment again in every statement whose period covers it (a daily statement,
// then the monthly one), and a re-export differs in what the bank makes up at export time: the
// creation date and time, the receipt times (КвитанцияВремя), the order of documents, the
// encoding and line ends, whether empty keys are written, whether the type is named, how the
// names are split (Плательщик or Плательщик1..4) and even which account key carries the account
// (ПлательщикСчет or ПлательщикРасчСчет). What the payment itself is does not change: our
// account, its number, its date, its amount and the payer's account. Those make the identity.

/**
 * Which way each document went. A file that names none of our accounts (no РасчСчет, no balances)
 * is a set of payment orders exported by the accounting program for the bank: all of it is ours,
 * going out. Otherwise the side holding one of our accounts (the statement's or a legal entity's) decides.
 */
export function directionsOf(s: ParsedStatement, entityAccounts: readonly string[]): StatementDirection[] {
  if (!s.accounts.length) return s.documents.map(() => 'outgoing');
  const ours = [...new Set([...s.accounts, ...entityAccounts])];
  return s.documents.map((d) => directionOf(d, ours));
}

/** Our account on a document: the recipient's for money in, the payer's for money out. */
export function ourAccountOf(d: StatementDocument, direction: StatementDirection, s: ParsedStatement): string {
  if (direction === 'incoming') return d.recipient.account;
  if (direction === 'outgoing') return d.payer.account;
  return [...s.accounts].sort().join(',');
}

/** The identity of a payment: our account, number (leading zeros dropped), date, amount, payer account. */
export function identityOf(d: StatementDocument, direction: StatementDirection, s: ParsedStatement): string {
  const number = d.number.replace(/^0+(?=.)/, '');
  return [ourAccountOf(d, direction, s), number, d.date ?? '', d.amount, d.payer.account].join('|');
}

/**
 * The currency of a Russian account: digits 6-8 of the 20 are the currency code (810 and 643 the
 * rouble, 978 the euro, 840 the dollar). Anything else is taken as roubles, as the format is.
 */
export function currencyOfAccount(account: string): 'RUB' | 'EUR' | 'USD' {
  const code = /^\d{20}$/.test(account) ? account.slice(5, 8) : '';
  if (code === '978') return 'EUR';
  if (code === '840') return 'USD';
  return 'RUB';
}
