import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table activities (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      type text not null check (type in ('call','meeting','visit','exhibition','email','letter','task')),
      subject text not null,
      notes text,
      outcome text,
      due_at timestamptz not null,
      duration_minutes integer check (duration_minutes between 0 and 10080),
      done boolean not null default false,
      done_at timestamptz,
      contact_id uuid references contacts(id),
      company_id uuid references companies(id),
      deal_id uuid references deals(id),
      owner_id uuid not null references users(id),
      participant_user_ids uuid[] not null default '{}',
      participant_contact_ids uuid[] not null default '{}',
      -- Set once by whichever instance claims the reminder, so it fires once across instances.
      reminded_at timestamptz,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      constraint activities_done_at check (done = (done_at is not null))
    );
    -- Agenda (overdue, today, upcoming) and the dashboard's overdue count read only undone rows;
    -- workspace_id is included so counts stay index-only scans.
    create index activities_owner_open on activities (owner_id, due_at) include (workspace_id) where not done and deleted_at is null;
    -- Calendar, iCalendar feed, "planned this week", list by owner.
    create index activities_owner_due on activities (owner_id, due_at, id) where deleted_at is null;
    -- "Done this week" on the dashboard.
    create index activities_owner_done on activities (owner_id, done_at) where done and deleted_at is null;
    create index activities_ws_due on activities (workspace_id, due_at, id) where deleted_at is null;
    create index activities_contact on activities (contact_id, due_at) where contact_id is not null;
    create index activities_company on activities (company_id, due_at) where company_id is not null;
    create index activities_deal on activities (deal_id, due_at) where deal_id is not null;
    create index activities_participant_contacts on activities using gin (participant_contact_ids)
      where participant_contact_ids <> '{}';
    -- Reminder claims: only undone, unclaimed rows; claimed rows leave this index at once.
    create index activities_to_remind on activities (due_at) where not done and deleted_at is null and reminded_at is null;
    -- Fan-out of recent claims to every instance holding a stream of the owner.
    create index activities_reminded on activities (owner_id, reminded_at)
      where not done and deleted_at is null and reminded_at is not null;

    -- Read model: the last real contact (a done call, meeting, visit, ... but not an internal task)
    -- per contact, maintained by the activities module in the same transaction as the change, so
    -- staleness and "untouched for N days" need no scan over millions of activities.
    create table contact_activity_stats (
      contact_id uuid primary key references contacts(id),
      workspace_id uuid not null references workspaces(id),
      last_done_at timestamptz
    );
    create index contact_activity_stats_last on contact_activity_stats (workspace_id, last_done_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table contact_activity_stats, activities cascade`.execute(db);
}
