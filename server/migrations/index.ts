import type { Migration } from 'kysely';
import * as m0001 from './0001_platform.js';
import * as m0002 from './0002_counterparties.js';

/**
 * Every migration, in order. A static list (not a folder scan) so the bundle, tsx and tests all
 * see the same set. Add new ones at the end; never edit or reorder shipped ones.
 */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_counterparties': m0002,
};
