-- control-dashboard: GET /api/v1/control/dashboard
-- 8 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

select "id", "name", "default_language", "default_currency", "time_zone", "totp_required_roles", "call_back_tasks", "kb_editor_roles"
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

select j.user_id::text as key, count(*)::int as incoming, count(*) filter (where j.status <> 'answered')::int as missed, count(*) filter (where j.status <> 'answered' and j.done)::int as missed_done, count(*) filter (where j.status <> 'answered' and not j.done and j.window_end > ?)::int as missed_pending, count(*) filter (where j.status = 'answered')::int as answered, count(*) filter (where j.status = 'answered' and j.done)::int as answered_done, count(*) filter (where j.status = 'answered' and not j.done and j.window_end > ?)::int as answered_pending
  from ( select k.*, w.window_end, case when k.status = 'answered' then exists ( select l.entity as kind, l.entity as ref_kind, l.entity_id as ref_id, a.at
  from call_links l join audit_log a on a.workspace_id = k.workspace_id and a.entity = l.entity and a.entity_id = l.entity_id and a.at >= k.started_at and a.at <= w.window_end and a.user_id is not null
  where l.call_id = k.id
  union all select 'note', l.entity, l.entity_id, n.at
  from call_links l
  cross join lateral (select t.occurred_at as at
  from timeline_events t
  where t.entity_id = l.entity_id and t.entity = l.entity and t.kind = 'note' and t.user_id is not null and t.occurred_at >= k.started_at and t.occurred_at <= w.window_end) n
  where l.call_id = k.id
  union all select 'activity', 'activity', x.id, a.at
  from call_links l join activities x on x.contact_id = l.entity_id and x.updated_at >= k.started_at join audit_log a on a.workspace_id = k.workspace_id and a.entity = 'activity' and a.entity_id = x.id and a.at >= k.started_at and a.at <= w.window_end and a.user_id is not null
  where l.call_id = k.id and l.entity = 'contact'
  union all select 'activity', 'activity', x.id, a.at
  from call_links l join activities x on x.company_id = l.entity_id and x.updated_at >= k.started_at join audit_log a on a.workspace_id = k.workspace_id and a.entity = 'activity' and a.entity_id = x.id and a.at >= k.started_at and a.at <= w.window_end and a.user_id is not null
  where l.call_id = k.id and l.entity = 'company'
  union all select 'deal', 'deal', d.id, a.at
  from call_links l join deals d on d.company_id = l.entity_id and d.updated_at >= k.started_at join audit_log a on a.workspace_id = k.workspace_id and a.entity = 'deal' and a.entity_id = d.id and a.at >= k.started_at and a.at <= w.window_end and a.user_id is not null
  where l.call_id = k.id and l.entity = 'company'
  union all select 'deal', 'deal', d.id, a.at
  from call_links l join deal_contacts dc on dc.contact_id = l.entity_id join deals d on d.id = dc.deal_id and d.updated_at >= k.started_at join audit_log a on a.workspace_id = k.workspace_id and a.entity = 'deal' and a.entity_id = d.id and a.at >= k.started_at and a.at <= w.window_end and a.user_id is not null
  where l.call_id = k.id and l.entity = 'contact') else exists ( select 'callback' as kind, 'call' as ref_kind, b.id as ref_id, b.started_at as at
  from calls b
  where b.workspace_id = k.workspace_id and b.number_key = k.number_key and b.started_at >= k.started_at and b.started_at <= w.window_end and b.id <> k.id and (b.direction = 'out' or (b.direction = 'in' and b.status = 'answered'))) end as done
  from calls k
  cross join lateral (select k.ended_at + make_interval(mins => ?) as window_end) w
  where k.workspace_id = ? and k.direction = 'in' and k.ended_at is not null and k.started_at >= ? and k.started_at < ? and "k"."user_id" in (select u.id
  from users u
  where u.workspace_id = ? and (u.id = ? or u.team_id in (select t.id
  from teams t
  where t.lead_id = ?) or u.team_id = ?)) and k.user_id = any(?::uuid[])) j
  group by 1;
