import { defineCatalogue } from './types.js';

/** The knowledge base (issue 8 T3): errors and field rules of the API. */
export const kb = defineCatalogue({
  en: {
    errors: {
      KB_ARTICLE_NOT_FOUND: 'Article not found',
      KB_VERSION_NOT_FOUND: 'This version of the article does not exist',
    },
    kb: {
      duplicateTag: 'The same tag is given twice',
    },
  },
  ru: {
    errors: {
      KB_ARTICLE_NOT_FOUND: 'Статья не найдена',
      KB_VERSION_NOT_FOUND: 'Такой версии статьи нет',
    },
    kb: {
      duplicateTag: 'Одна и та же метка указана дважды',
    },
  },
  bg: {
    errors: {
      KB_ARTICLE_NOT_FOUND: 'Статията не е намерена',
      KB_VERSION_NOT_FOUND: 'Такава версия на статията няма',
    },
    kb: {
      duplicateTag: 'Един и същ етикет е посочен два пъти',
    },
  },
});
