-- deals-board: GET /api/v1/deals/board?pipelineId=:pipelineId
-- 5 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

select "id", "name", "default_language", "default_currency", "time_zone", "totp_required_roles", "call_back_tasks", "kb_editor_roles"
  from "workspaces"
  where "id" = ?;

select "id", "name", "position", "is_default", "version", "created_at", "updated_at", "deleted_at"
  from "pipelines"
  where "workspace_id" = ? and "id" = ? and "deleted_at" is null;

select "id", "pipeline_id", "name", "position", "probability", "rotting_days", "kind", "requires_credit_clearance", "deleted_at"
  from "pipeline_stages"
  where "workspace_id" = ? and "pipeline_id" in (?) and "deleted_at" is null
  order by "pipeline_id", "position";

select d.id, d.stage_id, d.title, d.company_id, (case when "c"."workspace_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) then "c"."name" end) as company_name, d.amount, d.currency, d.probability, d.owner_id, u.name as owner_name, d.next_step_text, d.next_step_due_at, d.expected_close_date, d.stage_entered_at, d.version, (d.status = 'open' and d.next_step_due_at is null) as no_next_step, (d.status = 'open' and coalesce(d.next_step_due_at < now(), false)) as overdue_next_step, (d.status = 'open' and coalesce(d.stage_entered_at < now() - make_interval(days => s.rotting_days), false)) as rotting
  from pipeline_stages s
  cross join lateral ( select a.*
  from (( select d.id, d.workspace_id, d.stage_id, d.status, d.board_rank, d.title, d.company_id, d.amount, d.currency, d.probability, d.owner_id, d.next_step_text, d.next_step_due_at, d.expected_close_date, d.stage_entered_at, d.version
  from deals d
  where d.workspace_id = ? and d.pipeline_id = ? and d.stage_id = s.id and d.status = 'open' and d.deleted_at is null and "d"."owner_id" = ?
  order by d.board_rank desc, d.id desc
  limit ?)
  union all ( select d.id, d.workspace_id, d.stage_id, d.status, d.board_rank, d.title, d.company_id, d.amount, d.currency, d.probability, d.owner_id, d.next_step_text, d.next_step_due_at, d.expected_close_date, d.stage_entered_at, d.version
  from deals d
  where d.workspace_id = ? and d.pipeline_id = ? and d.stage_id = s.id and d.status = 'open' and d.deleted_at is null and "d"."id" = any(array(select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and not coalesce("d"."owner_id" = ?, false) and ("d"."owner_id" = ? or "d"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?))
  order by d.board_rank desc, d.id desc
  limit ?)) a
  order by a.board_rank desc, a.id desc
  limit ? ) d
  left join companies c on c.id = d.company_id and c.workspace_id = d.workspace_id
  left join users u on u.id = d.owner_id
  where s.pipeline_id = ? and s.workspace_id = ? and s.deleted_at is null and s.kind = 'open'
  order by s.position, d.board_rank desc, d.id desc;

select x.stage_id, x.currency, sum(x.n)::int as n, sum(x.sum)::text as sum, round(sum(x.weighted_raw) / 100, 2)::text as weighted
  from ( select d.stage_id, d.currency, count(*) as n, sum(d.amount) as sum, sum(d.amount * d.probability) as weighted_raw
  from deals d
  where d.workspace_id = ? and d.pipeline_id = ? and d.status = 'open' and d.deleted_at is null and "d"."owner_id" = ?
  group by 1, 2
  union all select d.stage_id, d.currency, count(*) as n, sum(d.amount) as sum, sum(d.amount * d.probability) as weighted_raw
  from deals d
  where d.workspace_id = ? and d.pipeline_id = ? and d.status = 'open' and d.deleted_at is null and "d"."id" = any(array(select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and not coalesce("d"."owner_id" = ?, false) and ("d"."owner_id" = ? or "d"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?))
  group by 1, 2) x
  group by 1, 2;
