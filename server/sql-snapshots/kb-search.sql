-- kb-search: GET /api/v1/kb/search?q=Snapshot
-- 5 statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts

begin;

commit;

select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true);

select t.w as word, orbita_name_keys(t.w || coalesce(' ' || case when length(t.w) >= 6 and t.w ~ '(ът|ят|та|то|те)$' then left(t.w, -2) end, '')) as keys, case when length(t.l) >= 2 then array( select p.word
  from ( select l.word, l.latin
  from kb_lexicon l
  where l.workspace_id = ? and l.latin >= t.l and l.latin < t.l || '~' and l.word <> t.w
  order by l.latin
  limit 500) p
  order by length(p.latin), p.latin
  limit 8) else '{}'::text[] end as prefix, case when length(t.l) >= 4 then array( select l.word
  from kb_lexicon l
  where l.workspace_id = ? and l.latin % t.l and l.word <> t.w
  order by similarity(l.latin, t.l) desc, l.latin
  limit 5) else '{}'::text[] end as fuzzy
  from ( select w, ord, orbita_translit(w) as l
  from regexp_split_to_table(orbita_fold(?), '\s+') with ordinality as x(w, ord)
  where w <> '' ) t
  order by t.ord
  limit ?;

with page as ( select a.id, a.title, a.body, a.category, a.tags, a.language, a.status, a.updated_at, case when (a.title_words && ?::text[]) then 0 when (a.title_words && ?::text[]) then 1 when (a.search_words && ?::text[]) then 2 else 3 end as rank
  from kb_articles a
  where a.workspace_id = ? and (a.search_words && ?::text[]) and (a.deleted_at is null) and ("a"."status" = 'published' or exists (select 1
  from workspaces kb_w
  where kb_w.id = "a"."workspace_id" and ? = any(kb_w.kb_editor_roles)))
  order by rank, a.updated_at desc, a.id
  limit ? ) select p.*, array( select w
  from unnest(tsvector_to_array(to_tsvector('simple', orbita_fold(p.title || ' ' || p.body)))) w
  where w = any(?::text[]) or (exists (select 1
  from unnest(?::text[]) s
  where starts_with(w, s)) and orbita_keys_of_folded(w) && ?::text[]) ) as hits
  from page p
  order by p.rank, p.updated_at desc, p.id;
