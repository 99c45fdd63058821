/** Valid Russian and Bulgarian company requisites (algorithms: shared REFERENCE.md section 1). */

const checkDigit = (digits: string, weights: number[]) => {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * weights[i];
  return String((sum % 11) % 10);
};

/** 10-digit INN of a legal entity: 9 digits + check digit. */
export function inn10(nine: string): string {
  return nine + checkDigit(nine, [2, 4, 10, 3, 5, 9, 4, 6, 8]);
}

/** 12-digit INN of a person or sole trader: 10 digits + two check digits. */
export function inn12(ten: string): string {
  const eleven = ten + checkDigit(ten, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
  return eleven + checkDigit(eleven, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
}

/** 13-digit OGRN: int(first 12) mod 11 mod 10. */
export function ogrn(twelve: string): string {
  return twelve + String(Number(BigInt(twelve) % 11n) % 10);
}

/** 15-digit OGRNIP: int(first 14) mod 13 mod 10. */
export function ogrnip(fourteen: string): string {
  return fourteen + String(Number(BigInt(fourteen) % 13n) % 10);
}

/** 9-digit EIK/BULSTAT: weights 1..8, then 3..10 when the remainder is 10, then 0. */
export function eik9(eight: string): string {
  let r = 0;
  for (let i = 0; i < 8; i++) r += Number(eight[i]) * (i + 1);
  r %= 11;
  if (r === 10) {
    r = 0;
    for (let i = 0; i < 8; i++) r += Number(eight[i]) * (i + 3);
    r %= 11;
    if (r === 10) r = 0;
  }
  return eight + String(r);
}

/** Bank-account key (Bank of Russia rule 515): fills the 9th digit so that the weighted sum ends in 0. */
export function settlementAccount(bik: string, twenty: string): string {
  const withZero = twenty.slice(0, 8) + '0' + twenty.slice(9);
  const s = bik.slice(-3) + withZero;
  const w = [7, 1, 3];
  let sum = 0;
  for (let i = 0; i < 23; i++) sum += (Number(s[i]) * w[i % 3]) % 10;
  // The key digit sits at position 3 + 8 = 11, whose weight is w[11 % 3] = 3; 3 * k mod 10 covers 0-9.
  const need = (10 - (sum % 10)) % 10;
  let key = 0;
  while ((key * 3) % 10 !== need) key++;
  return withZero.slice(0, 8) + String(key) + withZero.slice(9);
}
