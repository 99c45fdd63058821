export const languages = ['ru', 'bg', 'en'] as const;
export type Lang = (typeof languages)[number];
/** One domain's strings in the three languages; nested objects become dotted keys. */
export type Messages = { [key: string]: string | Messages };
export type Catalogue = Record<Lang, Messages>;

/** Picks the best supported language from an Accept-Language header (default Russian). */
export function pickLanguage(header: string | undefined | null, fallback: Lang = 'ru'): Lang {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.split('=')[1]) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0] as Lang;
    if ((languages as readonly string[]).includes(base)) return base;
  }
  return fallback;
}
