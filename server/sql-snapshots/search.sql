-- search: GET /api/v1/search?q=Snapshot
-- 11 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

begin;

begin;

commit;

commit;

select "id", "name", "default_language", "default_currency", "time_zone", "totp_required_roles", "call_back_tasks", "kb_editor_roles"
  from "workspaces"
  where "id" = ?;

select *
  from ((select c.id, c.name, c.inn, c.eik, c.industry, c.phones, c.emails, ?::int as rank, 'name' as matched
  from companies c
  where c.workspace_id = ? and c.deleted_at is null and "c"."owner_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and "c"."search_words" && ?::text[]
  limit ?)
  union all (select c.id, c.name, c.inn, c.eik, c.industry, c.phones, c.emails, ?::int as rank, 'name' as matched
  from companies c
  where c.workspace_id = ? and c.deleted_at is null and "c"."owner_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and "c"."search_words" && ?::text[] and not ("c"."search_words" && ?::text[])
  limit ?)) x
  limit ?;

select array[?]::uuid[] as owners, array(select distinct rs.entity
  from record_shares rs
  where rs.user_id = ?) as shared;

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
  from ((select c.id, c.full_name, c.position, c.company_id, c.phones, c.emails, ?::int as rank, ?::text as matched
  from contacts c
  where c.workspace_id = ? and c.deleted_at is null and "c"."owner_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and "c"."search_words" && ?::text[]
  limit ?)
  union all (select c.id, c.full_name, c.position, c.company_id, c.phones, c.emails, ?::int as rank, ?::text as matched
  from contacts c
  where c.workspace_id = ? and c.deleted_at is null and "c"."owner_id" = ? and ("c"."owner_id" = ? or "c"."id" in (select rs.entity_id
  from record_shares rs
  where rs.user_id = ? and rs.entity = ?)) and "c"."search_words" && ?::text[] and not ("c"."search_words" && ?::text[])
  limit ?)) u
  limit ?) x
  left join companies co on co.id = x.company_id;
