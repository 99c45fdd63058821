export const languages = ['ru', 'bg', 'en'] as const;
export type Lang = (typeof languages)[number];
/** One domain's strings in the three languages; nested objects become dotted keys. */
export type Messages = { [key: string]: string | Messages };
export type Catalogue = Record<Lang, Messages>;

/** The shape of an English catalogue with every leaf a string: what ru and bg must match key for key. */
export type SameKeys<E> = { [K in keyof E]: E[K] extends string ? string : SameKeys<E[K]> } & PluralForms<E>;
/** Plural forms a language may add to an English `x_one`/`x_other` pair (Russian has `x_few`, `x_many`). */
type PluralForms<E> = {
  [K in keyof E as K extends `${infer B}_other` ? `${B}_zero` | `${B}_two` | `${B}_few` | `${B}_many` : never]?: string;
};

/**
 * Declares one domain's catalogue. English is the source of the key types; ru and bg must have
 * exactly its keys (a missing or extra one fails the typecheck), so typed error codes and rule codes
 * derived from the English keys are translated in all three languages.
 */
export function defineCatalogue<E extends Messages>(c: {
  en: E;
  ru: NoInfer<SameKeys<E>>;
  bg: NoInfer<SameKeys<E>>;
}): {
  en: E;
  ru: SameKeys<E>;
  bg: SameKeys<E>;
} {
  return c;
}

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
