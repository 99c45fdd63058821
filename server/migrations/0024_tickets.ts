import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- The workspace's working calendar for the SLA (in its time zone). No row: Monday to Friday
    -- 09:00-18:00 without holidays, as the code's defaults say.
    create table ticket_calendars (
      workspace_id uuid primary key references workspaces(id),
      week jsonb not null,
      holidays date[] not null default '{}',
      updated_at timestamptz not null default now()
    );

    -- SLA rules per priority and client segment, in working minutes; a pair without a row takes the
    -- default rule, so every ticket gets its due times from the first start.
    create table sla_rules (
      workspace_id uuid not null references workspaces(id),
      priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
      segment text not null check (segment in ('A', 'B', 'C', 'none')),
      response_minutes integer not null check (response_minutes > 0),
      resolution_minutes integer not null check (resolution_minutes > 0),
      primary key (workspace_id, priority, segment)
    );

    create table tickets (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      subject text not null,
      description text,
      company_id uuid references companies(id),
      contact_id uuid references contacts(id),
      channel text not null check (channel in ('phone', 'email', 'portal', 'manual')),
      status text not null default 'new' check (status in ('new', 'open', 'pending', 'resolved', 'closed')),
      priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
      segment text not null check (segment in ('A', 'B', 'C', 'none')),
      assignee_id uuid references users(id),
      due_at timestamptz not null,
      due_at_manual boolean not null default false,
      response_due_at timestamptz not null,
      first_response_at timestamptz,
      -- Pending stops the SLA clock: working minutes spent pending push the due time on.
      paused_at timestamptz,
      paused_minutes integer not null default 0,
      product_ids uuid[] not null default '{}',
      category text,
      call_id uuid references calls(id),
      resolved_at timestamptz,
      closed_at timestamptz,
      satisfaction_score smallint check (satisfaction_score between 1 and 5),
      satisfaction_comment text,
      satisfaction_at timestamptz,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (company_id is not null or contact_id is not null)
    );
    create index tickets_queue on tickets (workspace_id, created_at desc, id desc);
    create index tickets_company on tickets (company_id, created_at desc) where company_id is not null;
    create index tickets_contact on tickets (contact_id, created_at desc) where contact_id is not null;
    create index tickets_assignee on tickets (assignee_id, created_at desc) where assignee_id is not null;
    create index tickets_due on tickets (workspace_id, due_at) where status in ('new', 'open');
    create index tickets_products on tickets using gin (product_ids);

    create table ticket_comments (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      ticket_id uuid not null references tickets(id),
      author_id uuid references users(id),
      body text not null,
      internal boolean not null,
      created_at timestamptz not null default now()
    );
    create index ticket_comments_ticket on ticket_comments (ticket_id, created_at, id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table ticket_comments;
    drop table tickets;
    drop table sla_rules;
    drop table ticket_calendars;
  `.execute(db);
}
