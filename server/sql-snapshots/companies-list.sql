-- companies-list: GET /api/v1/companies
-- 3 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

select "id", "name"
  from "users"
  where "id" in (?);

select array[?]::uuid[] as owners, array(select distinct rs.entity
  from record_shares rs
  where rs.user_id = ?) as shared;

select c.id, c.name, c.legal_form, c.country, c.inn, c.eik, c.industry, c.segment, c.phones, c.emails, c.tags, c.owner_id, c.version, c.created_at, c.updated_at, c.deleted_at, (select a.due_at
  from activities a
  where a.company_id = c.id and not a.done and a.deleted_at is null
  order by a.due_at
  limit 1) as next_activity_at, "c"."name" as sort_value, "c"."name" as sort_key
  from "companies" c
  where c.workspace_id = ? and c.deleted_at is null and c.owner_id = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and true
  order by "c"."name" asc, c.id asc
  limit ?;
