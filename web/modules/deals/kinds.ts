import type { ActivityType } from '../../../contracts/activities';
import type { dealSorts as contractSorts } from '../../../contracts/deals';
import type { stageKinds as contractStageKinds } from '../../../contracts/pipelines';
import type { Currency } from '../../../contracts/products';

// The value lists the sales pages offer, repeated from the contracts because importing a contract
// at runtime would bring zod into the browser bundle. The type checks below fail the build when a
// contract gains or loses a value, so the copies cannot drift apart.
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
] as const;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const sameAsContracts: [
  Same<(typeof currencies)[number], Currency>,
  Same<(typeof stageKinds)[number], (typeof contractStageKinds)[number]>,
  Same<(typeof activityTypes)[number], ActivityType>,
  Same<(typeof dealSorts)[number], (typeof contractSorts)[number]>,
] = [true, true, true, true];
