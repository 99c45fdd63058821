-- search: GET /api/v1/search?q=Snapshot
-- 15 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

begin;

begin;

begin;

commit;

commit;

commit;

select "id", "name", "default_language", "default_currency", "time_zone", "totp_required_roles", "call_back_tasks", "kb_editor_roles"
  from "workspaces"
  where "id" = ?;

select *
  from ((select c.id, c.name, c.inn, c.eik, c.industry, c.phones, c.emails, ?::real as rank, 'email' as matched
  from companies c
  where c.workspace_id = ? and c.deleted_at is null and "c"."owner_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and c.search_emails like ?
  limit ?)
  union all (select c.id, c.name, c.inn, c.eik, c.industry, c.phones, c.emails, ?::real as rank, 'name' as matched
  from companies c
  where c.workspace_id = ? and c.deleted_at is null and "c"."owner_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and "c"."search_words" && ?::text[]
  limit ?)
  union all (select c.id, c.name, c.inn, c.eik, c.industry, c.phones, c.emails, ?::real as rank, 'name' as matched
  from companies c
  where c.workspace_id = ? and c.deleted_at is null and "c"."owner_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and "c"."search_words" && ?::text[] and not ("c"."search_words" && ?::text[])
  limit ?)) x
  limit ?;

select array[?]::uuid[] as owners, array(select distinct rs.entity
  from record_shares rs
  where rs.user_id = ?) as shared;

select h.id, h.title, h.rank, s.name as stage_name, (case when "co"."workspace_id" = ? and ("co"."owner_id" = ? or "co"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) then "co"."name" end) as company_name
  from (select distinct on (x.id) x.*
  from ((select d.id, d.title, d.company_id, d.stage_id, ?::real as rank
  from deals d
  where d.workspace_id = ? and d.deleted_at is null and "d"."owner_id" = ? and ("d"."owner_id" = ? or "d"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and "d"."search_words" && ?::text[]
  limit ?)
  union all (select d.id, d.title, d.company_id, d.stage_id, ?::real as rank
  from deals d
  where d.workspace_id = ? and d.deleted_at is null and "d"."owner_id" = ? and ("d"."owner_id" = ? or "d"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and "d"."search_words" && ?::text[] and not ("d"."search_words" && ?::text[])
  limit ?)
  union all (select d.id, d.title, d.company_id, d.stage_id, ?::real as rank
  from deals d join companies c on c.id = d.company_id
  where d.workspace_id = ? and d.deleted_at is null and c.deleted_at is null and "d"."owner_id" = ? and ("d"."owner_id" = ? or "d"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and "c"."search_words" && ?::text[]
  limit ?)
  union all (select d.id, d.title, d.company_id, d.stage_id, ?::real as rank
  from deals d join companies c on c.id = d.company_id
  where d.workspace_id = ? and d.deleted_at is null and c.deleted_at is null and "d"."owner_id" = ? and ("d"."owner_id" = ? or "d"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and "c"."search_words" && ?::text[] and not ("c"."search_words" && ?::text[])
  limit ?)) x
  order by x.id, x.rank) h join pipeline_stages s on s.id = h.stage_id
  left join companies co on co.id = h.company_id and co.workspace_id = ?
  order by h.rank, h.title
  limit ?;

select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true);

select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true);

select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true);

select t.w as word, orbita_name_keys(t.w || coalesce(' ' || case when length(t.w) >= 6 and t.w ~ '(ът|ят|та|то|те)$' then left(t.w, -2) end, '')) as keys, case when length(t.l) >= 2 then array( select p.word
  from ( select l.word, l.latin
  from search_lexicon l
  where l.workspace_id = ? and l.latin >= t.l and l.latin < t.l || '~' and l.word <> t.w
  order by l.latin
  limit 500) p
  order by length(p.latin), p.latin
  limit 8) else '{}'::text[] end as prefix, case when length(t.l) >= 4 then array( select l.word
  from search_lexicon l
  where l.workspace_id = ? and l.latin % t.l and l.word <> t.w
  order by similarity(l.latin, t.l) desc, l.latin
  limit 5) else '{}'::text[] end as fuzzy
  from ( select w, ord, orbita_translit(w) as l
  from regexp_split_to_table(orbita_fold(?), '\s+') with ordinality as x(w, ord)
  where w <> '' ) t
  order by t.ord
  limit ?;

select x.id, x.full_name, x.position, x.phones, x.emails, x.rank, x.matched, case when co.id is not null and ("co"."owner_id" = ? or "co"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) then co.name end as company_name
  from (select *
  from ((select c.id, c.full_name, c.position, c.company_id, c.phones, c.emails, (? + 0)::real as rank, ?::text as matched
  from contacts c
  where c.workspace_id = ? and c.deleted_at is null and "c"."owner_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and c.search_emails like ?
  limit ?)
  union all (select c.id, c.full_name, c.position, c.company_id, c.phones, c.emails, (? + case when orbita_name_keys(coalesce(c.last_name, '')) && ?::text[] then 0 else 0.25 end)::real as rank, ?::text as matched
  from contacts c
  where c.workspace_id = ? and c.deleted_at is null and "c"."owner_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and "c"."search_words" && ?::text[]
  limit ?)
  union all (select c.id, c.full_name, c.position, c.company_id, c.phones, c.emails, (? + case when orbita_name_keys(coalesce(c.last_name, '')) && ?::text[] then 0 else 0.25 end)::real as rank, ?::text as matched
  from contacts c
  where c.workspace_id = ? and c.deleted_at is null and "c"."owner_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and "c"."search_words" && ?::text[] and not ("c"."search_words" && ?::text[])
  limit ?)) u
  limit ?) x
  left join companies co on co.id = x.company_id;
