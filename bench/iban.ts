/** An IBAN with correct ISO 13616 check digits (mod 97) for a country and its BBAN. */
export function iban(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`.toUpperCase();
  let numeric = '';
  for (const ch of rearranged) numeric += /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
  let rem = 0;
  for (let i = 0; i < numeric.length; i += 7) rem = Number(String(rem) + numeric.slice(i, i + 7)) % 97;
  return `${country}${String(98 - rem).padStart(2, '0')}${bban}`;
}
