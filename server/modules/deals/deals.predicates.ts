import { sql, type RawBuilder } from 'kysely';
import { ownerArm, sharedArm, visibleTo, type AuthUser } from '../../platform/auth.js';

// SQL fragments every deals query shares (`d` = deals, `s` = its stage): the computed flags and
// record-level access split into indexable arms. Reports read deals through the access arms too.

/** Flags computed in SQL so lists, the board and filters agree (`d` = deals, `s` = its stage). */
export const flagSql = {
  noNextStep: sql<boolean>`(d.status = 'open' and d.next_step_due_at is null)`,
  overdueNextStep: sql<boolean>`(d.status = 'open' and coalesce(d.next_step_due_at < now(), false))`,
  rotting: sql<boolean>`(d.status = 'open' and coalesce(d.stage_entered_at < now() - make_interval(days => s.rotting_days), false))`,
};

/**
 * visibleTo(user, 'deal', 'd') preceded by the same rule restated as `owner in (...) or id = any(array)`:
 * both halves are indexable, so the planner can read one manager's or one team's deals through the
 * owner indexes (a bitmap OR) instead of filtering a whole pipeline. visibleTo stays the final word.
 */
export function visibleDeals(user: AuthUser): RawBuilder<boolean> {
  const owners = ownerArm(user, 'd');
  if (!owners) return sql<boolean>`true`;
  return sql<boolean>`(${owners} or ${sharedArm(user, 'deal', 'd')}) and ${visibleTo(user, 'deal', 'd')}`;
}

/**
 * Record-level access split into disjoint, separately indexable arms whose union is what
 * visibleTo(user, 'deal') allows: the owned deals (read through the owner indexes, index-only where
 * they cover the query) and the deals shared with the caller (checked against visibleTo itself).
 * A single `owner = me or id in (shares)` predicate would make PostgreSQL visit every heap row of
 * the manager's deals, or scan a whole pipeline.
 */
export function accessArms(user: AuthUser): RawBuilder<boolean>[] {
  const owned = ownedBy(user);
  return owned ? [owned, sharedNotOwned(user)!] : [sql<boolean>`true`];
}

/** The owner half of record-level access, over `d.owner_id` only (null: the caller sees every owner). */
export function ownedBy(user: AuthUser): RawBuilder<boolean> | null {
  return ownerArm(user, 'd');
}

/** The other half: deals shared with the caller that the owner half does not already cover. */
export function sharedNotOwned(user: AuthUser): RawBuilder<boolean> | null {
  const owned = ownedBy(user);
  if (!owned) return null;
  return sql<boolean>`${sharedArm(user, 'deal', 'd')} and not coalesce(${owned}, false) and ${visibleTo(user, 'deal', 'd')}`;
}
