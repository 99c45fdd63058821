import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import 'dayjs/locale/bg';
import 'dayjs/locale/en';
import { languages, pickLanguage, type Lang, type Messages } from '../../contracts/i18n/types';
import { setApiLanguage } from '../api';

const STORAGE_KEY = 'orbita.lang';

function storedLanguage(): Lang | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v && (languages as readonly string[]).includes(v) ? (v as Lang) : null;
  } catch {
    return null;
  }
}

/** Before sign-in: the last language used on this browser, else the browser's preference. */
export const initialLanguage: Lang = storedLanguage() ?? pickLanguage(navigator.languages?.join(',') ?? navigator.language);

// One chunk per language, fetched when it is first needed: ru, bg and en have the same keys (the
// catalogues' types require it), so no fallback language is loaded beside the one shown.
const catalogues: Record<Lang, () => Promise<{ default: Messages }>> = {
  ru: () => import('virtual:orbita-messages/ru'),
  bg: () => import('virtual:orbita-messages/bg'),
  en: () => import('virtual:orbita-messages/en'),
};

async function loadMessages(lang: Lang): Promise<void> {
  if (i18n.hasResourceBundle(lang, 'translation')) return;
  i18n.addResourceBundle(lang, 'translation', (await catalogues[lang]()).default);
}

void i18n.use(initReactI18next).init({
  resources: {},
  lng: initialLanguage,
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Resolves once the first language's messages are in: the app renders after it (web/main.tsx). */
export const messagesReady: Promise<void> = loadMessages(initialLanguage);

/** Switches the UI language everywhere: strings, dayjs (Mantine dates), API messages, <html lang>. */
export function applyLanguage(lang: Lang) {
  if (i18n.language !== lang) void loadMessages(lang).then(() => i18n.changeLanguage(lang));
  dayjs.locale(lang);
  setApiLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the language is still saved on the user's profile.
  }
}

applyLanguage(initialLanguage);

export { i18n };
