import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
//
// Name search does not rely on the database locale: the embedded server is initialised with
// --no-locale (C), where lower() and pg_trgm ignore Cyrillic. So names are folded with translate()
// (locale-free), split and stemmed by to_tsvector (its parser treats non-ASCII as letters in C and
// the Snowball stemmers work on any locale), and stored as `search_words`: raw words plus '~'-marked
// stems, a generated column so every insert path (API, import, bench loader) maintains it. Typo
// tolerance uses `search_lexicon`, the distinct words of each workspace with a Latin transliteration
// that pg_trgm can index in any locale.

const UPPER = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЍё';
const LOWER = 'абвгдеежзийклмнопрстуфхцчшщъыьэюяѝе';
// Punctuation that the C-locale parser would otherwise glue to words, mapped to spaces.
const PUNCT = '«»„“”‘’"\'`.,;:!?()[]{}<>/\\|–—−№#&+*_=~^@%';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists btree_gin`.execute(db);
  await sql.raw(`
    create function orbita_fold(t text) returns text language sql immutable parallel safe strict as $$
      select translate(lower(t), ${q(UPPER + PUNCT)}, ${q(LOWER + ' '.repeat(PUNCT.length))})
    $$;

    -- One Latin letter group per Cyrillic letter (Bulgarian official system, close to Russian passports).
    create function orbita_translit(w text) returns text language sql immutable parallel safe strict as $$
      select translate(replace(replace(replace(replace(replace(replace(replace(replace(w,
        'щ', 'sht'), 'ж', 'zh'), 'ч', 'ch'), 'ш', 'sh'), 'ц', 'ts'), 'ю', 'yu'), 'я', 'ya'), 'х', 'h'),
        'абвгдезийклмнопрстуфъыэѝь', 'abvgdeziyklmnoprstufayei')
    $$;

    -- Raw words of a folded text plus their '~'-prefixed stems (Russian Snowball; English for Latin words).
    create function orbita_keys_of_folded(f text) returns text[] language sql immutable parallel safe strict as $$
      select array_remove(tsvector_to_array(to_tsvector('simple', f))
        || string_to_array('~' || array_to_string(tsvector_to_array(to_tsvector('russian', f)), ' ~'), ' '), '~')
    $$;

    create function orbita_name_keys(t text) returns text[] language sql immutable parallel safe strict as $$
      select orbita_keys_of_folded(orbita_fold(t))
    $$;
  `).execute(db);

  await sql`
    create table companies (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      name text not null,
      legal_form text,
      country text,
      inn text, kpp text, ogrn text,
      bik text, bank_name text, settlement_account text, corr_account text,
      eik text, vat_number text, iban text,
      addresses jsonb not null default '[]'::jsonb,
      phones jsonb not null default '[]'::jsonb,
      emails jsonb not null default '[]'::jsonb,
      website text,
      industry text,
      segment text,
      source text,
      tags text[] not null default '{}',
      owner_id uuid references users(id),
      notes text,
      search_phones text not null default '',
      search_emails text not null default '',
      search_words text[] generated always as (orbita_name_keys(name)) stored,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index companies_owner_name on companies (workspace_id, owner_id, name, id) where deleted_at is null;
    create index companies_ws_name on companies (workspace_id, name, id) where deleted_at is null;
    create index companies_owner_created on companies (workspace_id, owner_id, created_at, id) where deleted_at is null;
    create index companies_ws_created on companies (workspace_id, created_at, id) where deleted_at is null;
    create index companies_owner_updated on companies (workspace_id, owner_id, updated_at, id) where deleted_at is null;
    create index companies_ws_updated on companies (workspace_id, updated_at, id) where deleted_at is null;
    create index companies_deleted on companies (workspace_id, deleted_at) where deleted_at is not null;
    create index companies_inn on companies (workspace_id, inn) where inn is not null;
    create index companies_eik on companies (workspace_id, eik) where eik is not null;
    create index companies_words on companies using gin (owner_id, search_words);
    create index companies_phones_trgm on companies using gin (owner_id, search_phones gin_trgm_ops);
    create index companies_emails_trgm on companies using gin (owner_id, search_emails gin_trgm_ops);
    create index companies_tags on companies using gin (tags);

    create table contacts (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      first_name text not null default '',
      middle_name text,
      last_name text,
      full_name text generated always as (
        btrim(coalesce(last_name, '') || ' ' || first_name || ' ' || coalesce(middle_name, ''))
      ) stored,
      company_id uuid references companies(id),
      position text,
      country text,
      phones jsonb not null default '[]'::jsonb,
      emails jsonb not null default '[]'::jsonb,
      messengers jsonb not null default '[]'::jsonb,
      addresses jsonb not null default '[]'::jsonb,
      birthday date,
      important_dates jsonb not null default '[]'::jsonb,
      preferences jsonb not null default '[]'::jsonb,
      segment text,
      source text,
      tags text[] not null default '{}',
      owner_id uuid references users(id),
      notes text,
      search_phones text not null default '',
      search_emails text not null default '',
      search_words text[] generated always as (
        orbita_name_keys(coalesce(last_name, '') || ' ' || first_name || ' ' || coalesce(middle_name, ''))
      ) stored,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index contacts_owner_name on contacts (workspace_id, owner_id, full_name, id) where deleted_at is null;
    create index contacts_ws_name on contacts (workspace_id, full_name, id) where deleted_at is null;
    create index contacts_owner_created on contacts (workspace_id, owner_id, created_at, id) where deleted_at is null;
    create index contacts_ws_created on contacts (workspace_id, created_at, id) where deleted_at is null;
    create index contacts_owner_updated on contacts (workspace_id, owner_id, updated_at, id) where deleted_at is null;
    create index contacts_ws_updated on contacts (workspace_id, updated_at, id) where deleted_at is null;
    create index contacts_deleted on contacts (workspace_id, deleted_at) where deleted_at is not null;
    create index contacts_company on contacts (company_id);
    create index contacts_words on contacts using gin (owner_id, search_words);
    create index contacts_phones_trgm on contacts using gin (owner_id, search_phones gin_trgm_ops);
    create index contacts_emails_trgm on contacts using gin (owner_id, search_emails gin_trgm_ops);
    create index contacts_tags on contacts using gin (tags);

    -- A person can work in several companies, each with a position.
    create table contact_companies (
      workspace_id uuid not null references workspaces(id),
      contact_id uuid not null references contacts(id),
      company_id uuid not null references companies(id),
      position text,
      is_primary boolean not null default false,
      primary key (contact_id, company_id)
    );
    create index contact_companies_company on contact_companies (company_id);

    -- Who knows whom, who referred whom.
    create table contact_links (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      from_contact_id uuid not null references contacts(id),
      to_contact_id uuid not null references contacts(id),
      kind text not null check (kind in ('knows','referred')),
      note text,
      created_at timestamptz not null default now(),
      unique (from_contact_id, to_contact_id, kind)
    );
    create index contact_links_to on contact_links (to_contact_id);

    -- Distinct name words per workspace (never pruned: a stale word only widens a typo lookup).
    create table search_lexicon (
      workspace_id uuid not null references workspaces(id),
      word text collate "C" not null,
      latin text collate "C" not null,
      primary key (workspace_id, word)
    );
    create index search_lexicon_latin on search_lexicon (workspace_id, latin);
    create index search_lexicon_trgm on search_lexicon using gin (latin gin_trgm_ops);

    -- Statement-level, so a bulk load adds its words in one set-based insert; ordered to avoid
    -- deadlocks between concurrent writers adding the same new words.
    create function orbita_lexicon_add() returns trigger language plpgsql as $$
    begin
      insert into search_lexicon (workspace_id, word, latin)
      select workspace_id, w, orbita_translit(w)
      from (select distinct n.workspace_id, w from new_rows n, unnest(n.search_words) w) x
      where left(w, 1) <> '~' and length(w) between 2 and 64 and w !~ '^[0-9]+$'
      order by 1, 2
      on conflict do nothing;
      return null;
    end $$;
    create trigger contacts_lexicon_ins after insert on contacts referencing new table as new_rows
      for each statement execute function orbita_lexicon_add();
    create trigger contacts_lexicon_upd after update on contacts referencing new table as new_rows
      for each statement execute function orbita_lexicon_add();
    create trigger companies_lexicon_ins after insert on companies referencing new table as new_rows
      for each statement execute function orbita_lexicon_add();
    create trigger companies_lexicon_upd after update on companies referencing new table as new_rows
      for each statement execute function orbita_lexicon_add();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table search_lexicon, contact_links, contact_companies, contacts, companies cascade`.execute(db);
  await sql`drop function orbita_lexicon_add(), orbita_name_keys(text), orbita_keys_of_folded(text), orbita_translit(text), orbita_fold(text)`.execute(db);
}
