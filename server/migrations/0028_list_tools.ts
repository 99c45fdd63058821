import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Tags are filtered case-insensitively ("vip" finds "VIP"): the lower-cased array is indexed
    -- beside the stored spelling, which stays as the user typed it.
    create function orbita_lower_tags(t text[]) returns text[] language sql immutable parallel safe strict as $$
      select coalesce(array_agg(lower(x)), '{}') from unnest(t) x
    $$;
    create index contacts_tags_ci on contacts using gin (orbita_lower_tags(tags));
    create index companies_tags_ci on companies using gin (orbita_lower_tags(tags));

    -- Saved views of a list (filters, sort, columns): a user's own, or shared by a head of sales
    -- with their team (team_id set). The column choice of a list without a view is a user's
    -- preference, one row per user and list.
    create table list_views (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      owner_id uuid not null references users(id),
      list text not null,
      name text not null,
      filters jsonb not null default '{}',
      sort text,
      columns text[],
      team_id uuid references teams(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index list_views_owner on list_views (owner_id, list);
    create index list_views_team on list_views (team_id, list) where team_id is not null;
    create table list_preferences (
      user_id uuid not null references users(id),
      list text not null,
      workspace_id uuid not null references workspaces(id),
      columns text[] not null,
      updated_at timestamptz not null default now(),
      primary key (user_id, list)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table list_preferences, list_views;
    drop index contacts_tags_ci, companies_tags_ci;
    drop function orbita_lower_tags(text[]);
  `.execute(db);
}
