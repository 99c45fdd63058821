import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// The lost-call report (issue 8 T2), call-back tasks and the queue of calls from unknown numbers.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- The client's number of a call as a key (digits of its E.164 form, as the phone index keeps
    -- them): a missed call is called back by any later call to the same number in another spelling,
    -- and an unknown number's calls are sorted together. Ingestion fills it; calls ingested before
    -- this migration get the digits as dialled, which match the E.164 key whenever the PBX sent
    -- the number with its country code (the AMI captures do).
    alter table calls add column number_key text;
    update calls set number_key = nullif(regexp_replace(
        case direction when 'in' then coalesce(from_number, '') when 'out' then coalesce(to_number, '') else '' end, '\\D', '', 'g'), '')
      where direction <> 'internal';
    -- Call-backs: "a later outgoing (or answered incoming) call to this number, within N minutes"
    -- is one probe of this index per missed call; the unsorted queue gathers a number's calls by it.
    create index calls_number_key on calls (workspace_id, number_key, started_at) include (direction, status)
      where number_key is not null;
    -- The report reads a period's incoming calls of a team (calls_user_started) or of the workspace;
    -- this one serves the workspace (a director) without reading outgoing and internal calls.
    create index calls_in_started on calls (workspace_id, started_at) where direction = 'in';
    -- The unsorted queue: calls of numbers no contact or company has, newest first.
    create index calls_unsorted on calls (workspace_id, started_at desc, id desc)
      where contact_id is null and company_id is null and number_key is not null;

    -- "Was anything done for the caller after the call": activities of a contact or company touched
    -- since the call began. Every audited change moves updated_at forward, so these ranges hold the
    -- few candidates whose audit entries are then checked, instead of every activity of a company.
    create index activities_contact_touched on activities (contact_id, updated_at) where contact_id is not null;
    create index activities_company_touched on activities (company_id, updated_at) where company_id is not null;

    -- Call-back tasks for missed calls of known clients: on unless the workspace turns them off.
    alter table workspaces add column call_back_tasks boolean not null default true;

    -- One call-back task per missed call (several missed calls of one client share the open one):
    -- the key makes the task once, whatever replays or retries of the call's end.
    create table call_back_tasks (
      call_id uuid primary key references calls(id),
      workspace_id uuid not null references workspaces(id),
      activity_id uuid not null references activities(id),
      created_at timestamptz not null default now()
    );
    create index call_back_tasks_activity on call_back_tasks (activity_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table call_back_tasks;
    alter table workspaces drop column call_back_tasks;
    drop index activities_contact_touched, activities_company_touched, calls_unsorted, calls_in_started, calls_number_key;
    alter table calls drop column number_key;
  `.execute(db);
}
