-- receivables-client: GET /api/v1/reports/receivables/:companyId?asOf=2026-12-01
-- 2 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

select (case when "c"."workspace_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) then "c"."name" end) as name
  from companies c
  where c.id = ? and c.workspace_id = ?;

select o.*
  from ( select i.id, i.company_id, i.currency, i.number, i.issue_date, i.due_date, i.total, (i.total - coalesce((select sum(n.total)
  from invoices n
  where n.corrects_invoice_id = i.id and n.kind = 'credit_note' and n.status <> 'draft' and n.deleted_at is null and n.issue_date <= ?::date), 0) - coalesce((select sum(a.amount)
  from payment_allocations a join payments p on p.id = a.payment_id
  where a.invoice_id = i.id and p.reversed_at is null and a.allocated_on <= ?::date), 0)) as owed, (?::date - i.due_date) as days
  from invoices i
  where i.workspace_id = ? and i.kind = 'invoice' and i.deleted_at is null and i.status <> 'draft' and i.issue_date <= ?::date and (i.status in ('issued', 'partially_paid') or (i.settled_at at time zone ?)::date > ?::date) and ("i"."owner_id" = ? or "i"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and i.company_id = ?) o
  where o.owed > 0
  order by o.due_date, o.id;
