-- deals-list: GET /api/v1/deals
-- 1 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

select d.id, d.title, d.company_id, (case when "c"."workspace_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) then "c"."name" end) as company_name, d.pipeline_id, d.stage_id, s.name as stage_name, d.status, d.amount, d.currency, d.probability, d.owner_id, u.name as owner_name, d.expected_close_date, d.next_step_text, d.next_step_due_at, d.won_amount, d.won_date, d.closed_at, d.stage_entered_at, d.version, d.created_at, d.updated_at, d.deleted_at, (d.status = 'open' and d.next_step_due_at is null) as no_next_step, (d.status = 'open' and coalesce(d.next_step_due_at < now(), false)) as overdue_next_step, (d.status = 'open' and coalesce(d.stage_entered_at < now() - make_interval(days => s.rotting_days), false)) as rotting, (d.updated_at)::text as sort_key
  from deals d join pipeline_stages s on s.id = d.stage_id
  left join companies c on c.id = d.company_id and c.workspace_id = d.workspace_id
  left join users u on u.id = d.owner_id
  where d.workspace_id = ? and ("d"."owner_id" = ? or "d"."id" = any(array(select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?))) and ("d"."owner_id" = ? or "d"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and d.deleted_at is null
  order by d.updated_at desc, d.id desc
  limit ?;
