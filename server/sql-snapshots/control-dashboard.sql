-- control-dashboard: GET /api/v1/control/dashboard
-- 7 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

select "id", "name", "default_language", "default_currency", "time_zone", "totp_required_roles"
  from "workspaces"
  where "id" = ?;

select "u"."id", "u"."name", "u"."role", "u"."team_id", "u"."capacity"
  from "users" as "u"
  where "u"."workspace_id" = ? and "u"."deleted_at" is null and "u"."is_active" = ? and u.id in (select u.id
  from users u
  where u.workspace_id = ? and (u.id = ? or u.team_id in (select t.id
  from teams t
  where t.lead_id = ?) or u.team_id = ?)) and "u"."role" in (?)
  order by "u"."name", "u"."id";

select a.owner_id, count(*)::int as n
  from activities a
  where a.owner_id = any(?::uuid[]) and a.workspace_id = ? and a.deleted_at is null and a.due_at >= ? and a.due_at < ?
  group by a.owner_id;

select a.owner_id, count(*)::int as n
  from activities a
  where a.owner_id = any(?::uuid[]) and a.workspace_id = ? and a.done and a.deleted_at is null and a.done_at >= ? and a.done_at < ?
  group by a.owner_id;

select a.owner_id, count(*)::int as n
  from activities a
  where a.owner_id = any(?::uuid[]) and a.workspace_id = ? and not a.done and a.deleted_at is null and a.due_at < ?
  group by a.owner_id;

select c.owner_id, count(*)::int as owned, count(*) filter (where coalesce(s.last_done_at, c.created_at) < ?)::int as untouched
  from contacts c
  left join contact_activity_stats s on s.contact_id = c.id
  where c.workspace_id = ? and c.deleted_at is null and c.owner_id = any(?::uuid[])
  group by c.owner_id;

select d.owner_id, d.currency, count(*)::int as open_deals, coalesce(sum(d.amount * d.probability / 100), 0)::numeric(20,2)::text as weighted, count(*) filter (where d.next_step_due_at is null)::int as without_next_step
  from deals d
  where d.workspace_id = ? and d.status = 'open' and d.deleted_at is null and d.owner_id = any(?::uuid[])
  group by d.owner_id, d.currency;
