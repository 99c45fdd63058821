-- agenda: GET /api/v1/agenda
-- 4 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

(select 'overdue' as bucket, a.*, a.due_at::text as sort_key
  from activities a
  where a.owner_id = ? and a.workspace_id = ? and not a.done and a.deleted_at is null and a.due_at < ?
  order by a.due_at desc, a.id desc
  limit ?)
  union all (select 'today' as bucket, a.*, a.due_at::text as sort_key
  from activities a
  where a.owner_id = ? and a.workspace_id = ? and a.deleted_at is null and a.due_at >= ? and a.due_at < ? and (a.done or a.due_at >= ?)
  order by a.due_at, a.id
  limit ?)
  union all (select 'upcoming' as bucket, a.*, a.due_at::text as sort_key
  from activities a
  where a.owner_id = ? and a.workspace_id = ? and not a.done and a.deleted_at is null and a.due_at >= ? and a.due_at < ?
  order by a.due_at, a.id
  limit ?);

select count(*) as "n"
  from "activities" as "a"
  where "a"."workspace_id" = ? and "a"."owner_id" = ? and "a"."done" = ? and "a"."deleted_at" is null and "a"."due_at" < ?;

select r.id, "r"."full_name" as name
  from "contacts" r
  where r.workspace_id = ? and r.id = any(?::uuid[]) and ("r"."owner_id" = ? or "r"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?));

select r.id, "r"."name" as name
  from "companies" r
  where r.workspace_id = ? and r.id = any(?::uuid[]) and ("r"."owner_id" = ? or "r"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?));
