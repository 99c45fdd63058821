-- calls-list: GET /api/v1/calls
-- 1 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

select k.*, k.started_at::text as sort_key
  from calls k
  where k.workspace_id = ? and ("k"."user_id" = ? or exists (select 1
  from call_links call_l join "contacts" call_r on call_r.id = call_l.entity_id and call_r.workspace_id = call_l.workspace_id
  where call_l.call_id = "k"."id" and call_l.entity = ? and ("call_r"."owner_id" = ? or "call_r"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?))) or exists (select 1
  from call_links call_l join "companies" call_r on call_r.id = call_l.entity_id and call_r.workspace_id = call_l.workspace_id
  where call_l.call_id = "k"."id" and call_l.entity = ? and ("call_r"."owner_id" = ? or "call_r"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?))))
  order by k.started_at desc, k.id desc
  limit ?;
