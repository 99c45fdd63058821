import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Global search finds deals by their title as it finds clients by name: the same folded,
    -- stemmed keys (orbita_name_keys), so «сервисного контракта» finds «Сервисный контракт».
    alter table deals add column search_words text[] generated always as (orbita_name_keys(title)) stored;
    create index deals_words on deals using gin (owner_id, search_words) where deleted_at is null;

    -- Their words join the workspace lexicon, for completion and typos. Statement-level on insert
    -- (imports add thousands at once); on update only when the title changes (a stage move must not
    -- pay for it, and a trigger with a transition table cannot name its columns).
    create trigger deals_lexicon_ins after insert on deals referencing new table as new_rows
      for each statement execute function orbita_lexicon_add();
    create function orbita_deal_lexicon_upd() returns trigger language plpgsql as $$
    begin
      insert into search_lexicon (workspace_id, word, latin)
      select new.workspace_id, w, orbita_translit(w) from unnest(new.search_words) w
      where left(w, 1) <> '~' and length(w) between 2 and 64 and w !~ '^[0-9]+$'
      order by 2
      on conflict do nothing;
      return null;
    end $$;
    create trigger deals_lexicon_upd after update of title on deals
      for each row execute function orbita_deal_lexicon_upd();
    insert into search_lexicon (workspace_id, word, latin)
      select workspace_id, w, orbita_translit(w)
      from (select distinct d.workspace_id, w from deals d, unnest(d.search_words) w) x
      where left(w, 1) <> '~' and length(w) between 2 and 64 and w !~ '^[0-9]+$'
      order by 1, 2
      on conflict do nothing;

    -- A part of an INN or EIK (782595 of 7825953461) is found anywhere in them, through trigrams.
    create index companies_requisites_trgm on companies using gin ((coalesce(inn, '') || ' ' || coalesce(eik, '')) gin_trgm_ops)
      where deleted_at is null;
  `.execute(db);
}
