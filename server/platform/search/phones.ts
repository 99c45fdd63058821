import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Db } from '../database.js';
import { findWorkspaceSettings, phoneRegionOf } from '../settings.js';

export type Region = CountryCode;

/** E.164 form (+79161234567) of a number typed in any format, or null when it is not a valid number. */
export function normalizePhone(input: string, region: Region): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), region);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** A stored number as people read it: the international format of its country (+7 916 123-45-67, +359 88 812 3456). */
export function displayPhone(stored: string): string {
  const parsed = parsePhoneNumberFromString(stored.trim());
  return parsed && parsed.isValid() ? parsed.formatInternational() : stored;
}

/** A search hit's phone for its subtitle, as people read it; null without one. */
export const phoneShown = (stored: string | undefined): string | null => (stored ? displayPhone(stored) : null);

/** The `search_phones` column: digits of every number, space-separated. */
export function searchPhonesValue(phones: { number: string }[]): string {
  return phones
    .map((p) => p.number.replace(/\D/g, ''))
    .filter(Boolean)
    .join(' ');
}

/** The `search_emails` column: every address lower-cased, space-separated. */
export function searchEmailsValue(emails: { address: string }[]): string {
  return emails
    .map((e) => e.address.trim().toLowerCase())
    .filter(Boolean)
    .join(' ');
}

/**
 * Digit strings to look for when the query is a phone number or a fragment of one (at least 3
 * digits): the E.164 digits when the query is a complete number in any format (+7 (916) 123-45-67,
 * 8 916 123 45 67, 0888 123 456), otherwise the digits as typed, also without a national trunk 0.
 */
export function phoneQueryDigits(q: string, region: Region): string[] | null {
  if (!/^[\d\s()+\-./]+$/.test(q)) return null;
  const digits = q.replace(/\D/g, '');
  if (digits.length < 3) return null;
  const full = normalizePhone(q, region);
  if (full) return [full.slice(1)];
  const out = [digits];
  if (digits.length >= 6 && digits.startsWith('0')) out.push(digits.slice(1));
  return out;
}

const regionCache = new Map<string, { region: Region; until: number }>();

/**
 * The country whose numbering plan applies to numbers typed without a country code: Bulgaria for
 * Bulgarian workspaces (language or time zone), Russia otherwise. Cached briefly per process.
 */
export async function workspaceRegion(db: Db, workspaceId: string): Promise<Region> {
  const hit = regionCache.get(workspaceId);
  if (hit && hit.until > Date.now()) return hit.region;
  const region: Region = phoneRegionOf(await findWorkspaceSettings(db, workspaceId));
  if (regionCache.size > 1000) regionCache.clear();
  regionCache.set(workspaceId, { region, until: Date.now() + 60_000 });
  return region;
}

/** A region usable by libphonenumber from a stored ISO country code, if it is one. */
export function regionOf(country: string | null | undefined): Region | null {
  return country && isSupportedCountry(country) ? (country as Region) : null;
}
