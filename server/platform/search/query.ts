import type { SearchItem } from '../../../contracts/search.js';
import type { AuthUser } from '../auth.js';
import type { Db } from '../database.js';
import { NAME_LEVELS, planNameQuery, type NamePlan } from './names.js';
import { phoneQueryDigits, workspaceRegion } from './phones.js';
import { accessScope, type AccessScope } from './scope.js';

/** What the query was understood as; each provider searches its records for the parts that apply. */
export type SearchRequest = {
  user: AuthUser;
  scope: AccessScope;
  limit: number;
  /** Words of a name, when the query has letters. */
  name: NamePlan | null;
  /** Digit strings to find inside stored phone numbers. */
  phoneDigits: string[] | null;
  /** A (fragment of an) email address, lower-cased. */
  email: string | null;
  /** Digits that may be an INN (10/12) or an EIK (9/13), matched exactly. */
  requisite: string | null;
  /** 4 to 12 digits that may be part of an INN or EIK (782595 of 7825953461), found anywhere in them. */
  requisiteFragment: string | null;
  /**
   * Where e-mail hits rank: with an @ or a dot the query is plainly an address (before names); a bare
   * Latin word (romashka) may be a domain or a transliterated name, so its e-mail hits follow names.
   */
  emailRank: number;
  /**
   * Only bitmap (index) scans: true unless the query is a short phone fragment, which matches so
   * many rows that walking the table until `limit` hits is the cheaper plan.
   */
  bitmapOnly: boolean;
};

/** Lower rank first: exact requisites, then phones and emails, then name levels (a fragment of a requisite just after its exact match). */
export const RANK = { requisite: 0, requisiteFragment: 0.5, phone: 1, email: 2, name: 3 } as const;

export type SearchHit = SearchItem & { rank: number };
export type SearchProvider = (db: Db, req: SearchRequest) => Promise<SearchHit[]>;

const EMAIL_FRAGMENT = /^[a-z0-9._%+\-@]{3,}$/;

export type QueryParts = Pick<SearchRequest, 'name' | 'phoneDigits' | 'email' | 'requisite' | 'requisiteFragment' | 'emailRank'>;

/** What a free-text query may be: name words, a phone (fragment), an email (fragment), an INN/EIK. */
export async function understandQuery(db: Db, workspaceId: string, rawQ: string): Promise<QueryParts> {
  const q = rawQ.trim();
  const region = await workspaceRegion(db, workspaceId);
  const phoneDigits = phoneQueryDigits(q, region);
  const compactDigits = q.replace(/[\s-]/g, '');
  const onlyDigits = /^\d+$/.test(compactDigits);
  const requisite = onlyDigits && [9, 10, 12, 13].includes(compactDigits.length) ? compactDigits : null;
  const requisiteFragment = onlyDigits && !requisite && compactDigits.length >= 4 && compactDigits.length <= 12 ? compactDigits : null;
  const lower = q.toLowerCase();
  // Plain words are names (Latin ones too); an address or its part has an @ or a dot.
  const addressLike = /[@.]/.test(lower);
  const domainLike = /^[a-z][a-z0-9-]{3,}$/.test(lower);
  const email = EMAIL_FRAGMENT.test(lower) && /[a-z]/.test(lower) && (addressLike || domainLike) ? lower : null;
  const name = /\p{L}/u.test(q) ? await planNameQuery(db, workspaceId, q) : null;
  const emailRank = addressLike ? RANK.email : RANK.name + NAME_LEVELS.length;
  return { name, phoneDigits, email, requisite, requisiteFragment, emailRank };
}

/** Understands the query once (phone, email, requisite, name words) for every provider. */
export async function buildSearchRequest(db: Db, user: AuthUser, rawQ: string, limit: number): Promise<SearchRequest | null> {
  const q = rawQ.trim();
  if (q.length < 2) return null;
  const [parts, scope] = await Promise.all([understandQuery(db, user.workspaceId, q), accessScope(db, user)]);
  const { name, phoneDigits, email, requisite } = parts;
  const shortFragment = Boolean(phoneDigits) && !name && !email && !requisite && Math.max(...phoneDigits!.map((d) => d.length)) < 5;
  return { user, scope, limit, ...parts, bitmapOnly: !shortFragment };
}
