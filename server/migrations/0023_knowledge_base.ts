import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
//
// Knowledge-base articles are searched with the machinery of the name search (0002): words folded
// and stemmed by orbita_name_keys into generated columns, typo candidates from a lexicon of their
// own. Article bodies hold tens of thousands of ordinary words; in the shared search_lexicon they
// would crowd the prefix and typo candidates of people's and companies' names out of their limits.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Who may write articles (readers are everyone of the workspace); operators write the answers
    -- they give, the head of sales those about selling, the admin keeps order.
    alter table workspaces add column kb_editor_roles text[] not null default '{admin,head_of_sales,operator}';

    create table kb_articles (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      title text not null,
      body text not null,
      category text,
      tags text[] not null default '{}',
      language text not null check (language in ('ru', 'bg', 'en')),
      status text not null check (status in ('draft', 'published')),
      author_id uuid references users(id),
      updated_by uuid references users(id),
      version integer not null default 1,
      published_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      -- Title words apart, so that a title match ranks above a body match.
      title_words text[] generated always as (orbita_name_keys(title)) stored,
      search_words text[] generated always as (orbita_name_keys(title || ' ' || coalesce(category, '') || ' ' || body)) stored
    );
    create index kb_articles_words on kb_articles using gin (workspace_id, search_words) where deleted_at is null;
    create index kb_articles_list on kb_articles (workspace_id, updated_at desc, id) where deleted_at is null;
    create index kb_articles_tags on kb_articles using gin (workspace_id, tags) where deleted_at is null;

    -- Each save of a published article keeps what it replaced.
    create table kb_article_versions (
      workspace_id uuid not null references workspaces(id),
      article_id uuid not null references kb_articles(id),
      version integer not null,
      title text not null,
      body text not null,
      category text,
      tags text[] not null,
      language text not null,
      status text not null,
      saved_by uuid references users(id),
      saved_at timestamptz not null,
      primary key (article_id, version)
    );

    create table kb_lexicon (
      workspace_id uuid not null references workspaces(id),
      word text collate "C" not null,
      latin text collate "C" not null,
      primary key (workspace_id, word)
    );
    create index kb_lexicon_latin on kb_lexicon (workspace_id, latin);
    create index kb_lexicon_trgm on kb_lexicon using gin (latin gin_trgm_ops);

    -- As orbita_lexicon_add, into the knowledge base's own lexicon.
    create function orbita_kb_lexicon_add() returns trigger language plpgsql as $$
    begin
      insert into kb_lexicon (workspace_id, word, latin)
      select workspace_id, w, orbita_translit(w)
      from (select distinct n.workspace_id, w from new_rows n, unnest(n.search_words) w) x
      where left(w, 1) <> '~' and length(w) between 2 and 64 and w !~ '^[0-9]+$'
      order by 1, 2
      on conflict do nothing;
      return null;
    end $$;
    create trigger kb_articles_lexicon_ins after insert on kb_articles referencing new table as new_rows
      for each statement execute function orbita_kb_lexicon_add();
    create trigger kb_articles_lexicon_upd after update on kb_articles referencing new table as new_rows
      for each statement execute function orbita_kb_lexicon_add();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table kb_lexicon, kb_article_versions, kb_articles;
    drop function orbita_kb_lexicon_add();
    alter table workspaces drop column kb_editor_roles;
  `.execute(db);
}
