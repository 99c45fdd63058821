import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { PlatformErrors } from '../../platform/errors.js';

/** At least this long (the contracts say the same, so the web and the API agree). */
export const PASSWORD_MIN = 10;
/**
 * zxcvbn score 3 of 4: "safely unguessable, moderate protection from an offline slow-hash attack".
 * 2 still lets `password123!`-like variants and keyboard walks with a digit through.
 */
const MIN_SCORE = 3;
// zxcvbn's matching grows with the square of the length; the first 100 characters decide.
const CHECKED_PREFIX = 100;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  // Built on first use: loading the dictionaries takes ~150 ms that most processes never need.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  return factory;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/**
 * The personal parts a password must not contain: the email's local part, the whole name and
 * each longer word of it (short ones like "Al" would refuse half of all passwords).
 */
function personalParts(who: { email?: string; name?: string }): string[] {
  const parts: string[] = [];
  const local = who.email?.split('@')[0];
  if (local && local.length >= 3) parts.push(fold(local));
  if (who.name) {
    const whole = fold(who.name);
    if (whole.length >= 3) parts.push(whole);
    for (const w of who.name.split(/[\s.,_-]+/)) if (w.length >= 4) parts.push(fold(w));
  }
  return [...new Set(parts)];
}

/**
 * Refuses a password that is too short, common or guessable (zxcvbn with its common and English
 * dictionaries), or that contains the user's email or name: 422 naming `path`.
 */
export function assertStrongPassword(password: string, who: { email?: string; name?: string }, path = 'password'): void {
  if (password.length < PASSWORD_MIN)
    throw PlatformErrors.VALIDATION({ fields: [{ path, code: 'too_small_string', params: { minimum: PASSWORD_MIN } }] });
  const folded = fold(password);
  const personal = personalParts(who);
  if (personal.some((p) => folded.includes(p))) throw PlatformErrors.VALIDATION({ fields: [{ path, code: 'password_personal' }] });
  const result = estimator().check(password.slice(0, CHECKED_PREFIX), personal);
  if (result.score < MIN_SCORE) throw PlatformErrors.VALIDATION({ fields: [{ path, code: 'password_weak' }] });
}
