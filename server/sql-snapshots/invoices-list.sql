-- invoices-list: GET /api/v1/invoices
-- 5 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

select "id", "name"
  from "users"
  where "workspace_id" = ? and "id" in (?);

select array[?]::uuid[] as owners, array(select distinct rs.entity
  from record_shares rs
  where rs.user_id = ?) as shared;

select c.currency, count(*)::int as count, sum(c.total)::text as total, sum(c.paid_total)::text as paid_total, sum(c.balance) filter (where c.kind = 'invoice' and c.status not in ('draft', 'cancelled'))::text as balance, coalesce(sum(c.balance) filter (where (c.kind = 'invoice' and c.status in ('issued', 'partially_paid') and c.balance > 0 and c.due_date < ?::date)), 0)::text as overdue
  from invoices c
  where c.workspace_id = ? and c.deleted_at is null and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?))
  group by c.currency
  order by c.currency;

select c.id, c.kind, c.number, c.status, (c.kind = 'invoice' and c.status in ('issued', 'partially_paid') and c.balance > 0 and c.due_date < ?::date) as overdue, c.legal_entity_id, c.company_id, c.deal_id, c.currency, c.issue_date, c.due_date, c.total, c.paid_total, c.balance, c.owner_id, c.version, c.created_at, c.updated_at, c.deleted_at, "c"."issue_date" as sort_value, "c"."issue_date"::text as sort_key
  from "invoices" c
  where c.workspace_id = ? and c.deleted_at is null and c.owner_id = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and true
  order by "c"."issue_date" desc, c.id desc
  limit ?;

select r.id, "r"."name" as name
  from "companies" r
  where r.workspace_id = ? and r.id = any(?::uuid[]) and ("r"."owner_id" = ? or "r"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?));
