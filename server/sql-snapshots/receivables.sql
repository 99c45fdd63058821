-- receivables: GET /api/v1/reports/receivables?asOf=2026-12-01
-- 2 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

select o.currency, coalesce(sum(o.owed) filter (where o.days <= 0), 0)::text as current, coalesce(sum(o.owed) filter (where o.days between 1 and 30), 0)::text as d1_30, coalesce(sum(o.owed) filter (where o.days between 31 and 60), 0)::text as d31_60, coalesce(sum(o.owed) filter (where o.days between 61 and 90), 0)::text as d61_90, coalesce(sum(o.owed) filter (where o.days > 90), 0)::text as d90plus, sum(o.owed)::text as total, coalesce(sum(o.owed) filter (where o.days > 0), 0)::text as overdue
  from ( select i.id, i.company_id, i.currency, i.number, i.issue_date, i.due_date, i.total, (i.total - coalesce((select sum(n.total)
  from invoices n
  where n.corrects_invoice_id = i.id and n.kind = 'credit_note' and n.status <> 'draft' and n.deleted_at is null and n.issue_date <= ?::date), 0) - coalesce((select sum(a.amount)
  from payment_allocations a join payments p on p.id = a.payment_id
  where a.invoice_id = i.id and p.reversed_at is null and a.allocated_on <= ?::date), 0)) as owed, (?::date - i.due_date) as days
  from invoices i
  where i.workspace_id = ? and i.kind = 'invoice' and i.deleted_at is null and i.status <> 'draft' and i.issue_date <= ?::date and (i.status in ('issued', 'partially_paid') or (i.settled_at at time zone ?)::date > ?::date) and ("i"."owner_id" in (select u.id
  from users u
  where u.workspace_id = ? and (u.id = ? or u.team_id in (select t.id
  from teams t
  where t.lead_id = ?) or u.team_id = ?)) or "i"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) ) o
  where o.owed > 0
  group by o.currency
  order by o.currency;

select x.*, c.owner_id, (case when "c"."workspace_id" = ? and ("c"."owner_id" in (select u.id
  from users u
  where u.workspace_id = ? and (u.id = ? or u.team_id in (select t.id
  from teams t
  where t.lead_id = ?) or u.team_id = ?)) or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) then "c"."name" end) as company_name
  from (select o.company_id, o.currency, count(*)::int as invoices, coalesce(sum(o.owed) filter (where o.days <= 0), 0)::text as current, coalesce(sum(o.owed) filter (where o.days between 1 and 30), 0)::text as d1_30, coalesce(sum(o.owed) filter (where o.days between 31 and 60), 0)::text as d31_60, coalesce(sum(o.owed) filter (where o.days between 61 and 90), 0)::text as d61_90, coalesce(sum(o.owed) filter (where o.days > 90), 0)::text as d90plus, sum(o.owed)::text as total, coalesce(sum(o.owed) filter (where o.days > 0), 0)::text as overdue
  from ( select i.id, i.company_id, i.currency, i.number, i.issue_date, i.due_date, i.total, (i.total - coalesce((select sum(n.total)
  from invoices n
  where n.corrects_invoice_id = i.id and n.kind = 'credit_note' and n.status <> 'draft' and n.deleted_at is null and n.issue_date <= ?::date), 0) - coalesce((select sum(a.amount)
  from payment_allocations a join payments p on p.id = a.payment_id
  where a.invoice_id = i.id and p.reversed_at is null and a.allocated_on <= ?::date), 0)) as owed, (?::date - i.due_date) as days
  from invoices i
  where i.workspace_id = ? and i.kind = 'invoice' and i.deleted_at is null and i.status <> 'draft' and i.issue_date <= ?::date and (i.status in ('issued', 'partially_paid') or (i.settled_at at time zone ?)::date > ?::date) and ("i"."owner_id" in (select u.id
  from users u
  where u.workspace_id = ? and (u.id = ? or u.team_id in (select t.id
  from teams t
  where t.lead_id = ?) or u.team_id = ?)) or "i"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) ) o
  where o.owed > 0
  group by o.company_id, o.currency) x join companies c on c.id = x.company_id and c.workspace_id = ?
  order by x.overdue::numeric desc, x.total::numeric desc, x.company_id, x.currency
  limit ?;
