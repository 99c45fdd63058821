-- calls-unsorted: GET /api/v1/calls/unsorted
-- 1 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

select k.number_key, count(*)::int as calls, count(*) filter (where k.direction = 'in' and k.status <> 'answered')::int as missed, min(k.started_at) as first_at, max(k.started_at)::text as last_key, (array_agg(k.id
  order by k.started_at desc, k.id desc))[1]::text as last_id
  from calls k
  where k.workspace_id = ? and k.contact_id is null and k.company_id is null and k.number_key is not null and k.ended_at is not null and ("k"."user_id" in (select ?::uuid) or "k"."extension" in (select u.extension
  from users u
  where u.workspace_id = ? and u.id in (select ?::uuid) and u.extension is not null) or regexp_replace(coalesce("k"."line", ''), '\D', '', 'g') in (select tl.number_key
  from telephony_lines tl
  where tl.workspace_id = ? and tl.default_user_id in (select ?::uuid)))
  group by k.number_key
  order by max(k.started_at) desc, (array_agg(k.id
  order by k.started_at desc, k.id desc))[1] desc
  limit ?;
