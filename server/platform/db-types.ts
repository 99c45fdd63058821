import type { PlatformTables } from './platform.table.js';
import type { CompaniesTables } from '../modules/companies/companies.table.js';
import type { ContactsTables } from '../modules/contacts/contacts.table.js';

/** The whole schema as Kysely sees it: one line per module that owns tables. */
export interface Database extends PlatformTables, CompaniesTables, ContactsTables {}
