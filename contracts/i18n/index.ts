import { common } from './common.js';
import { counterparties } from './counterparties.js';
import { sales } from './sales.js';
import { activities } from './activities.js';
import { web } from './web.js';
import { webSales } from './web-sales.js';
import { auth } from './auth.js';
import { integrations } from './integrations.js';
import { records } from './records.js';
import { documents } from './documents.js';
import { money } from './money.js';
import { legalEntities } from './legal-entities.js';
import { invoices } from './invoices.js';
import { templates } from './templates.js';
import { telephony } from './telephony.js';
import { exportsCatalogue } from './exports.js';
import { webMoney } from './web-money.js';
import { imports } from './imports.js';
import { webImports } from './web-imports.js';
import { lostCalls } from './lost-calls.js';
import { webCalls } from './web-calls.js';
import { bankStatements } from './bank-statements.js';
import { invoiceOutput } from './invoice-output.js';
import { tickets } from './tickets.js';
import { kb } from './kb.js';
import { webService } from './web-service.js';
import { views } from './views.js';
import { contractsCatalogue } from './contracts.js';
import { webLists } from './web-lists.js';
import { languages, type Catalogue, type Lang, type Messages } from './types.js';

export * from './types.js';

// Each domain adds its catalogue here (one line); web and API share the strings.
const catalogues: Catalogue[] = [
  common,
  counterparties,
  sales,
  activities,
  web,
  webSales,
  auth,
  integrations,
  records,
  money,
  legalEntities,
  documents,
  invoices,
  templates,
  telephony,
  exportsCatalogue,
  webMoney,
  imports,
  webImports,
  lostCalls,
  webCalls,
  bankStatements,
  invoiceOutput,
  tickets,
  kb,
  webService,
  views,
  contractsCatalogue,
  webLists,
];

/** Every English key, merged over the domain catalogues: the source of the typed codes below. */
type En = (typeof common)['en'] &
  (typeof counterparties)['en'] &
  (typeof sales)['en'] &
  (typeof activities)['en'] &
  (typeof web)['en'] &
  (typeof webSales)['en'] &
  (typeof auth)['en'] &
  (typeof integrations)['en'] &
  (typeof records)['en'] &
  (typeof money)['en'] &
  (typeof legalEntities)['en'] &
  (typeof documents)['en'] &
  (typeof invoices)['en'] &
  (typeof templates)['en'] &
  (typeof telephony)['en'] &
  (typeof exportsCatalogue)['en'] &
  (typeof webMoney)['en'] &
  (typeof imports)['en'] &
  (typeof webImports)['en'] &
  (typeof lostCalls)['en'] &
  (typeof webCalls)['en'] &
  (typeof bankStatements)['en'] &
  (typeof invoiceOutput)['en'] &
  (typeof tickets)['en'] &
  (typeof kb)['en'] &
  (typeof webService)['en'] &
  (typeof views)['en'] &
  (typeof contractsCatalogue)['en'] &
  (typeof webLists)['en'];

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** An error code with an `errors.<CODE>` message in ru, bg and en (defineCatalogue checks ru and bg). */
export type ErrorCode = keyof En['errors'] & string;
/** A field rule code: a `validation.<code>` key, or a domain's dotted key such as `activities.rules.rangeOrder`. */
export type RuleCode = (keyof En['validation'] & string) | Exclude<Leaves<En>, `validation.${string}`>;

function deepMerge(target: Messages, source: Messages): Messages {
  for (const [k, v] of Object.entries(source)) {
    const existing = target[k];
    target[k] = typeof v === 'object' && typeof existing === 'object' ? deepMerge({ ...existing }, v) : v;
  }
  return target;
}

/** All strings per language, merged from the domain catalogues. */
export const resources: Record<Lang, Messages> = Object.fromEntries(
  languages.map((lang) => [lang, catalogues.reduce((acc, c) => deepMerge(acc, c[lang]), {} as Messages)]),
) as Record<Lang, Messages>;

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * Translates a dotted key with {{param}} interpolation; falls back to English, then to the key.
 * The web uses i18next over the same `resources`; the server needs only this lookup.
 */
export function translate(lang: Lang, key: string, params: Record<string, unknown> = {}): string {
  const template = lookup(resources[lang], key) ?? lookup(resources.en, key) ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? ''));
}
