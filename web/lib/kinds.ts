import type { ActivityType } from '../../contracts/activities';
import type { dealSorts as contractSorts } from '../../contracts/deals';
import type { stageKinds as contractStageKinds } from '../../contracts/pipelines';
import type { Currency } from '../../contracts/products';
import type { roles as contractRoles } from '../../contracts/users';

// The value lists the API accepts, repeated here because importing a contract at runtime would bring
// zod into the browser bundle. The counterparty lists are compared with the contracts by
// kinds.test.ts; the sales lists by the type check below, which fails the build when a contract
// gains or loses a value, so the copies cannot drift apart.

// Counterparties (contracts/companies.ts, contracts/contacts.ts).
export const phoneTypes = ['mobile', 'work', 'home', 'fax', 'other'] as const;
export const emailTypes = ['work', 'personal', 'other'] as const;
export const addressTypes = ['legal', 'actual', 'postal', 'home', 'delivery', 'other'] as const;
export const messengerTypes = ['telegram', 'whatsapp', 'viber', 'signal', 'skype', 'vk', 'other'] as const;
export const preferenceKinds = ['pets', 'food', 'gifts', 'hobbies', 'incident', 'goodMoment', 'other'] as const;
export const linkKinds = ['knows', 'referred', 'referredBy'] as const;
export const listSortValues = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;

// Users (contracts/users.ts).
export const roles = ['admin', 'director', 'head_of_sales', 'manager', 'finance', 'marketing', 'operator'] as const;

// Sales and activities.
export const currencies = ['RUB', 'EUR', 'USD', 'BGN'] as const;
export const stageKinds = ['open', 'won', 'lost'] as const;
export const activityTypes = ['call', 'meeting', 'visit', 'exhibition', 'email', 'letter', 'task'] as const;
/** Types whose completion must record the outcome (contracts/activities.ts `outcomeRequiredTypes`). */
export const outcomeRequiredTypes: readonly ActivityType[] = ['call', 'meeting'];
export const dealSorts = [
  'updatedAt',
  '-updatedAt',
  'createdAt',
  '-createdAt',
  'expectedCloseDate',
  '-expectedCloseDate',
  'amount',
  '-amount',
  'title',
  '-title',
  'nextStepDueAt',
  '-nextStepDueAt',
  'company',
  '-company',
  'owner',
  '-owner',
] as const;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const sameAsContracts: [
  Same<(typeof currencies)[number], Currency>,
  Same<(typeof stageKinds)[number], (typeof contractStageKinds)[number]>,
  Same<(typeof activityTypes)[number], ActivityType>,
  Same<(typeof dealSorts)[number], (typeof contractSorts)[number]>,
  Same<(typeof roles)[number], (typeof contractRoles)[number]>,
] = [true, true, true, true, true];
