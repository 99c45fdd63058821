-- agenda: GET /api/v1/agenda
-- 2 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

(select 'overdue' as bucket, a.*
  from activities a
  where a.owner_id = ? and a.workspace_id = ? and not a.done and a.deleted_at is null and a.due_at < ?
  order by a.due_at desc, a.id desc
  limit ?)
  union all (select 'today' as bucket, a.*
  from activities a
  where a.owner_id = ? and a.workspace_id = ? and a.deleted_at is null and a.due_at >= ? and a.due_at < ? and (a.done or a.due_at >= ?)
  order by a.due_at, a.id
  limit ?)
  union all (select 'upcoming' as bucket, a.*
  from activities a
  where a.owner_id = ? and a.workspace_id = ? and not a.done and a.deleted_at is null and a.due_at >= ? and a.due_at < ?
  order by a.due_at, a.id
  limit ?);

select count(*) as "n"
  from "activities" as "a"
  where "a"."workspace_id" = ? and "a"."owner_id" = ? and "a"."done" = ? and "a"."deleted_at" is null and "a"."due_at" < ?;
