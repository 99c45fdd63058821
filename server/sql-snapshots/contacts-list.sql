-- contacts-list: GET /api/v1/contacts
-- 4 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

select "c"."id", "c"."name"
  from "companies" as "c"
  where "c"."id" in (?) and "c"."workspace_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?));

select "id", "name"
  from "users"
  where "id" in (?);

select array[?]::uuid[] as owners, array(select distinct rs.entity
  from record_shares rs
  where rs.user_id = ?) as shared;

select c.id, c.first_name, c.middle_name, c.last_name, c.full_name, c.company_id, c.position, c.phones, c.emails, c.segment, c.tags, c.owner_id, c.version, c.created_at, c.updated_at, c.deleted_at, (select s.last_done_at
  from contact_activity_stats s
  where s.contact_id = c.id) as last_contact_at, (select a.due_at
  from activities a
  where a.contact_id = c.id and not a.done and a.deleted_at is null
  order by a.due_at
  limit 1) as next_activity_at, "c"."full_name" as sort_value, "c"."full_name" as sort_key
  from "contacts" c
  where c.workspace_id = ? and c.deleted_at is null and c.owner_id = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and true
  order by "c"."full_name" asc, c.id asc
  limit ?;
