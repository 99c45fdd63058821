import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import 'dayjs/locale/bg';
import 'dayjs/locale/en';
import { languages, pickLanguage, resources, type Lang } from '../../contracts/i18n/index';
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

void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(languages.map((l) => [l, { translation: resources[l] }])),
  lng: initialLanguage,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switches the UI language everywhere: strings, dayjs (Mantine dates), API messages, <html lang>. */
export function applyLanguage(lang: Lang) {
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
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
