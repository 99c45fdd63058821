import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

// The country whose people read a number "the local way" in each interface language.
const homeCountry: Record<string, string> = { ru: 'RU', bg: 'BG' };

/**
 * A stored E.164 number as people of the interface language write it: domestic numbers the local
 * way (Russian "+7 (912) 345-67-89", Bulgarian "088 123 4567"), foreign ones internationally.
 */
export function formatPhone(number: string, lang: string): string {
  const p = parsePhoneNumberFromString(number);
  if (!p || !p.isPossible()) return number;
  const home = homeCountry[lang];
  if (home && p.country === home) {
    const national = p.formatNational();
    // Russians write the country code rather than the old trunk prefix 8.
    return home === 'RU' ? national.replace(/^8\s?/, '+7 ') : national;
  }
  return p.formatInternational();
}

/** Value for a `tel:` link. */
export const telHref = (number: string) => `tel:${number.replace(/[^\d+]/g, '')}`;
