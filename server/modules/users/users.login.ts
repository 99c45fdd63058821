import { hash, verify } from '@node-rs/argon2';
import crypto from 'node:crypto';
import type { Db } from '../../platform/database.js';
import { registerRecurringTask } from '../../platform/jobs.js';
import { PlatformErrors, type AppError } from '../../platform/errors.js';
import * as repo from './users.repository.js';

// algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };
export const hashPassword = (p: string) => hash(p, ARGON);

// Unknown emails are verified against this hash with the same parameters, so "no such user" costs
// what a wrong password costs and the response time does not tell which emails exist.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex')));

/** Verifies a password against the user's hash, or against the dummy hash when there is no user. */
export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  const ok = await verify(passwordHash ?? (await dummy()), password).catch(() => false);
  return passwordHash ? ok : false;
}

/** The limits, exported for the tests that prove them. */
export const LOGIN_LIMITS = {
  /** Failures of one account from one address within WINDOW: the tight limit an attacker meets first. */
  perAccountAddress: 5,
  /** Failures from one address over all accounts within WINDOW (spraying one password over many emails). */
  perAddress: 30,
  /** Failures of one account from addresses it never signed in from, within ACCOUNT_WINDOW, before delays start. */
  perAccountFree: 10,
  /** Upper bound of the growing delay between attempts on an account under attack. */
  maxDelaySeconds: 15 * 60,
} as const;
const WINDOW = '15 minutes';
const WINDOW_MS = 15 * 60_000;
const ACCOUNT_WINDOW = '1 hour';
/** An address the account signed in from successfully within this time is the owner's. */
const KNOWN_ADDRESS_FOR = '90 days';

export type AttemptOutcome = 'failed' | 'succeeded' | 'totp_required';

/**
 * Deletes the attempts the limits no longer read (failures past ACCOUNT_WINDOW, the longest window
 * that counts them; successes past KNOWN_ADDRESS_FOR), in batches so no statement holds many row
 * locks or runs long; stops early when the job is being stopped. Returns how many went.
 */
export async function pruneLoginAttempts(db: Db, opts: { batchSize?: number; signal?: AbortSignal } = {}): Promise<number> {
  const batch = opts.batchSize ?? 5000;
  let total = 0;
  for (;;) {
    const n = await repo.deleteStaleLoginAttempts(db, { window: ACCOUNT_WINDOW, knownFor: KNOWN_ADDRESS_FOR }, batch);
    total += n;
    if (n < batch || opts.signal?.aborted) return total;
  }
}

/** Composition: prunes login attempts hourly (one instance runs each tick). */
export function registerLoginAttemptPruning(): void {
  registerRecurringTask('users.prune-login-attempts', '23 * * * *', async (ctx) => {
    const deleted = await pruneLoginAttempts(ctx.db, { signal: ctx.signal });
    if (deleted) ctx.log.info({ deleted }, 'pruned login attempts');
  });
}

function limited(seconds: number): AppError {
  return PlatformErrors.RATE_LIMITED({ params: { seconds: Math.max(1, Math.ceil(seconds)) } });
}

/**
 * Decides whether one more password guess for (email, address) may be evaluated and, if so, records
 * it as `pending` (counted as a failure) in the same transaction, under advisory locks on the
 * account and the address. So the count and the record are one step: however many requests arrive
 * in parallel, no more than the limit get past it, on one instance or several.
 *
 * The limits: 5 failures per (account, address) in 15 minutes; 30 per address; and per account,
 * from addresses that never signed in to it, 10 free failures an hour and then a delay that doubles
 * with each failure (up to 15 minutes). The owner's own address is exempt from the account-wide
 * limit, so an attacker hammering from elsewhere cannot lock the owner out.
 * Returns the attempt's id for `finishAttempt`.
 */
export async function beginAttempt(db: Db, email: string, ip: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Always account first, then address: two lock orders could deadlock.
    await repo.lockLoginKeys(trx, email, ip);
    const c = await repo.countLoginAttempts(trx, email, ip, {
      window: WINDOW,
      accountWindow: ACCOUNT_WINDOW,
      knownAddressFor: KNOWN_ADDRESS_FOR,
    });
    const now = new Date(c.now).getTime();
    if (Number(c.pair) >= LOGIN_LIMITS.perAccountAddress) throw limited((new Date(c.pair_oldest!).getTime() + WINDOW_MS - now) / 1000);
    if (Number(c.address) >= LOGIN_LIMITS.perAddress) throw limited((new Date(c.address_oldest!).getTime() + WINDOW_MS - now) / 1000);
    const over = Number(c.account) - LOGIN_LIMITS.perAccountFree;
    if (!c.known && over >= 0) {
      const delay = Math.min(2 ** over, LOGIN_LIMITS.maxDelaySeconds);
      const waited = (now - new Date(c.account_latest!).getTime()) / 1000;
      if (waited < delay) throw limited(delay - waited);
    }
    return repo.insertPendingAttempt(trx, email, ip);
  });
}

/** Records how a begun attempt ended: a failure keeps counting, a success makes the address known. */
export async function finishAttempt(db: Db, id: number, outcome: AttemptOutcome): Promise<void> {
  await repo.setAttemptOutcome(db, id, outcome);
}
