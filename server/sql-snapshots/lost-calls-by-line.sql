-- lost-calls-by-line: GET /api/v1/reports/lost-calls?from=2026-11-01&to=2026-11-30&groupBy=line&line=74950000000
-- 3 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

select "id", "name", "number", "number_key"
  from "telephony_lines"
  where "workspace_id" = ?;

select j.*, j.started_at::text as sort_key, u.name as user_name, f.kind as follow_kind, f.ref_kind as follow_ref_kind, f.ref_id as follow_ref_id, f.at as follow_at, t.activity_id as task_id, ta.done as task_done
  from ( select j.*
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
  where t.lead_id = ?) or u.team_id = ?)) and false) j
  where true and not j.done and j.window_end <= ?
  order by j.started_at desc, j.id desc
  limit ? ) j
  left join users u on u.id = j.user_id
  left join call_back_tasks t on t.call_id = j.id
  left join activities ta on ta.id = t.activity_id
  left join lateral ( select x.*
  from ( select *
  from (select k.*
  from calls k
  where k.id = j.id) k
  cross join lateral (select j.window_end) w
  cross join lateral ( select *
  from ( select l.entity as kind, l.entity as ref_kind, l.entity_id as ref_id, a.at
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
  where l.call_id = k.id and l.entity = 'contact') fu
  where k.status = 'answered'
  union all select *
  from ( select 'callback' as kind, 'call' as ref_kind, b.id as ref_id, b.started_at as at
  from calls b
  where b.workspace_id = k.workspace_id and b.number_key = k.number_key and b.started_at >= k.started_at and b.started_at <= w.window_end and b.id <> k.id and (b.direction = 'out' or (b.direction = 'in' and b.status = 'answered'))) cb
  where k.status <> 'answered' ) x ) x
  order by x.at
  limit 1 ) f on j.done
  order by j.started_at desc, j.id desc;

select j.line as key, count(*)::int as incoming, count(*) filter (where j.status <> 'answered')::int as missed, count(*) filter (where j.status <> 'answered' and j.done)::int as missed_done, count(*) filter (where j.status <> 'answered' and not j.done and j.window_end > ?)::int as missed_pending, count(*) filter (where j.status = 'answered')::int as answered, count(*) filter (where j.status = 'answered' and j.done)::int as answered_done, count(*) filter (where j.status = 'answered' and not j.done and j.window_end > ?)::int as answered_pending
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
  where t.lead_id = ?) or u.team_id = ?))) j
  group by 1;
