// Latin spellings for e-mail addresses and domains: Russian after the passport rules (2013),
// Bulgarian after the official Streamlined System (Transliteration Act, 2009).

const ru: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
};
const bg: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sht',
  ъ: 'a',
  ь: 'y',
  ю: 'yu',
  я: 'ya',
};

/** Lower-case Latin transliteration; anything else but letters and digits becomes `sep`. */
export function translit(text: string, lang: 'ru' | 'bg', sep = ''): string {
  const table = lang === 'ru' ? ru : bg;
  let out = '';
  for (const ch of text.toLowerCase()) {
    if (ch in table) out += table[ch];
    else if (/[a-z0-9]/.test(ch)) out += ch;
    else out += sep;
  }
  if (!sep) return out;
  const s = sep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return out.replace(new RegExp(`${s}+`, 'g'), sep).replace(new RegExp(`^${s}|${s}$`, 'g'), '');
}
