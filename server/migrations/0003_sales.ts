import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// Sales: products with per-currency price lists, pipelines with stages, lost reasons, deals with
// contact roles, product lines and a recorded history of stage moves.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table products (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      name text not null,
      sku text,
      unit text,
      description text,
      vat_rate numeric(5,2) not null default 0 check (vat_rate >= 0 and vat_rate <= 100),
      is_active boolean not null default true,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create unique index products_sku on products (workspace_id, lower(sku)) where sku is not null and deleted_at is null;
    create index products_ws_name on products (workspace_id, name, id) where deleted_at is null;
    -- Search folds case with ICU: the cluster may run with the C locale, where lower() skips Cyrillic.
    create index products_name_trgm on products using gin (lower(name collate "und-x-icu") gin_trgm_ops);

    -- The list price of a product per currency. Per-client contract prices get their own table later.
    create table product_prices (
      workspace_id uuid not null references workspaces(id),
      product_id uuid not null references products(id),
      currency text not null check (currency in ('RUB','EUR','USD','BGN')),
      amount numeric(20,2) not null check (amount >= 0),
      primary key (product_id, currency)
    );

    create table pipelines (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      name text not null,
      position integer not null default 0,
      is_default boolean not null default false,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index pipelines_ws on pipelines (workspace_id, position) where deleted_at is null;

    create table pipeline_stages (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      pipeline_id uuid not null references pipelines(id),
      name text not null,
      position integer not null,
      probability smallint not null check (probability between 0 and 100),
      rotting_days integer check (rotting_days > 0),
      kind text not null default 'open' check (kind in ('open','won','lost')),
      created_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index pipeline_stages_pipeline on pipeline_stages (pipeline_id, position) where deleted_at is null;

    create table lost_reasons (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      name text not null,
      position integer not null default 0,
      is_active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index lost_reasons_ws on lost_reasons (workspace_id, position);

    create table deals (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      title text not null,
      company_id uuid references companies(id),
      pipeline_id uuid not null references pipelines(id),
      stage_id uuid not null references pipeline_stages(id),
      status text not null default 'open' check (status in ('open','won','lost')),
      amount numeric(20,2) not null default 0 check (amount >= 0),
      currency text not null check (currency in ('RUB','EUR','USD','BGN')),
      probability smallint not null check (probability between 0 and 100),
      probability_overridden boolean not null default false,
      owner_id uuid references users(id),
      source text,
      expected_close_date date,
      expected_payment_date date,
      next_step_text text,
      next_step_due_at timestamptz,
      prices_include_vat boolean not null default false,
      subtotal numeric(20,2) not null default 0,
      vat_total numeric(20,2) not null default 0,
      total numeric(20,2) not null default 0,
      qualification jsonb not null default '{}'::jsonb,
      proposals jsonb not null default '[]'::jsonb,
      contract jsonb,
      payment_schedule jsonb not null default '[]'::jsonb,
      fulfilment_notes text,
      won_amount numeric(20,2),
      won_date date,
      lost_reason_id uuid references lost_reasons(id),
      lost_comment text,
      closed_at timestamptz,
      stage_entered_at timestamptz not null default now(),
      -- Manual order of cards inside a board column (descending; new cards on top).
      board_rank double precision not null default 0,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      constraint deals_lost_has_reason check (status <> 'lost' or (lost_reason_id is not null and coalesce(btrim(lost_comment), '') <> ''))
    );
    -- The board of one pipeline (whole or one owner's), open deals only, in column order.
    -- Covering the column sums, so they are index-only scans.
    create index deals_board_owner on deals (workspace_id, pipeline_id, owner_id, stage_id, board_rank desc, id desc)
      include (currency, amount, probability) where deleted_at is null and status = 'open';
    create index deals_board on deals (workspace_id, pipeline_id, stage_id, board_rank desc, id desc)
      include (currency, amount, probability) where deleted_at is null and status = 'open';
    -- Forecast: open deals by expected signing date, won deals by the date they were won;
    -- covering, so a year of a whole workspace is an index-only scan.
    create index deals_forecast_open on deals (workspace_id, expected_close_date)
      include (owner_id, pipeline_id, currency, amount, probability) where deleted_at is null and status = 'open';
    create index deals_forecast_open_owner on deals (workspace_id, owner_id, expected_close_date)
      include (pipeline_id, currency, amount, probability) where deleted_at is null and status = 'open';
    create index deals_forecast_won on deals (workspace_id, won_date)
      include (owner_id, pipeline_id, currency, won_amount) where deleted_at is null and status = 'won';
    create index deals_forecast_won_owner on deals (workspace_id, owner_id, won_date)
      include (pipeline_id, currency, won_amount) where deleted_at is null and status = 'won';
    create index deals_lost_closed on deals (workspace_id, closed_at)
      include (owner_id, lost_reason_id, currency, amount) where deleted_at is null and status = 'lost';
    create index deals_ws_updated on deals (workspace_id, updated_at desc, id) where deleted_at is null;
    create index deals_owner_updated on deals (workspace_id, owner_id, updated_at desc, id) where deleted_at is null;
    create index deals_company on deals (company_id);
    create index deals_stage on deals (stage_id) where deleted_at is null;
    create index deals_pipeline_status on deals (pipeline_id, status) where deleted_at is null;
    create index deals_title_trgm on deals using gin (lower(title collate "und-x-icu") gin_trgm_ops);

    -- The forecast's read model: open and won amounts per month, owner, pipeline, currency and
    -- probability, kept by statement-level triggers on deals (bulk loads included). A year of a
    -- whole workspace is then a few thousand rows instead of every deal.
    create table deal_forecast_months (
      workspace_id uuid not null references workspaces(id),
      owner_id uuid,
      pipeline_id uuid not null,
      currency text not null,
      month date not null,
      kind text not null check (kind in ('open','won')),
      probability smallint not null,
      amount numeric(24,2) not null default 0,
      n bigint not null default 0
    );
    create unique index deal_forecast_months_key on deal_forecast_months
      (workspace_id, month, owner_id, pipeline_id, currency, kind, probability) nulls not distinct;
    create index deal_forecast_months_owner on deal_forecast_months (workspace_id, owner_id, month);

    create function deal_forecast_apply() returns trigger language plpgsql as $fn$
    declare
      src text := case tg_op
        when 'INSERT' then 'select d.*, 1 as sign from deal_forecast_new d'
        when 'DELETE' then 'select d.*, -1 as sign from deal_forecast_old d'
        else 'select d.*, 1 as sign from deal_forecast_new d union all select d.*, -1 as sign from deal_forecast_old d'
      end;
    begin
      -- Deltas of the statement's rows (new rows add, old rows subtract), netted per cell and
      -- applied in key order, so concurrent writers lock cells in the same order; an update that
      -- does not touch the forecast nets to nothing and writes nothing.
      execute format($q$
        insert into deal_forecast_months as f (workspace_id, owner_id, pipeline_id, currency, month, kind, probability, amount, n)
        select x.workspace_id, x.owner_id, x.pipeline_id, x.currency, x.month, x.kind, x.probability, sum(x.amount), sum(x.n)
        from (
          select r.workspace_id, r.owner_id, r.pipeline_id, r.currency,
            date_trunc('month', (case when r.status = 'open' then r.expected_close_date else r.won_date end)::timestamp)::date as month,
            r.status as kind,
            (case when r.status = 'open' then r.probability else 100 end)::smallint as probability,
            (case when r.status = 'open' then r.amount else r.won_amount end) * r.sign as amount,
            r.sign as n
          from (%s) r
          where r.deleted_at is null
            and ((r.status = 'open' and r.expected_close_date is not null)
              or (r.status = 'won' and r.won_date is not null and r.won_amount is not null))
        ) x
        group by 1, 2, 3, 4, 5, 6, 7
        having sum(x.n) <> 0 or sum(x.amount) <> 0
        order by 1, 5, 2, 3, 4, 6, 7
        on conflict (workspace_id, month, owner_id, pipeline_id, currency, kind, probability)
        do update set amount = f.amount + excluded.amount, n = f.n + excluded.n
      $q$, src);
      return null;
    end
    $fn$;
    create trigger deals_forecast_insert after insert on deals
      referencing new table as deal_forecast_new for each statement execute function deal_forecast_apply();
    create trigger deals_forecast_update after update on deals
      referencing old table as deal_forecast_old new table as deal_forecast_new for each statement execute function deal_forecast_apply();
    create trigger deals_forecast_delete after delete on deals
      referencing old table as deal_forecast_old for each statement execute function deal_forecast_apply();

    create table deal_contacts (
      workspace_id uuid not null references workspaces(id),
      deal_id uuid not null references deals(id),
      contact_id uuid not null references contacts(id),
      role text,
      is_decision_maker boolean not null default false,
      position integer not null default 0,
      primary key (deal_id, contact_id)
    );
    create index deal_contacts_contact on deal_contacts (contact_id);
    create unique index deal_contacts_one_dm on deal_contacts (deal_id) where is_decision_maker;

    create table deal_lines (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      deal_id uuid not null references deals(id),
      position integer not null,
      product_id uuid references products(id),
      name text not null,
      unit text,
      quantity numeric(18,4) not null check (quantity > 0),
      unit_price numeric(20,2) not null check (unit_price >= 0),
      discount_percent numeric(5,2) not null default 0 check (discount_percent between 0 and 100),
      vat_rate numeric(5,2) not null default 0 check (vat_rate between 0 and 100),
      subtotal numeric(20,2) not null,
      vat_amount numeric(20,2) not null,
      total numeric(20,2) not null
    );
    create index deal_lines_deal on deal_lines (deal_id, position);
    create index deal_lines_product on deal_lines (product_id);

    create table deal_stage_moves (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id),
      deal_id uuid not null references deals(id),
      from_pipeline_id uuid references pipelines(id),
      from_stage_id uuid references pipeline_stages(id),
      to_pipeline_id uuid not null references pipelines(id),
      to_stage_id uuid not null references pipeline_stages(id),
      from_status text,
      to_status text not null,
      user_id uuid references users(id),
      moved_at timestamptz not null default now()
    );
    create index deal_stage_moves_deal on deal_stage_moves (deal_id, moved_at);
    -- Conversion reports: entries into a stage over a period.
    create index deal_stage_moves_stage on deal_stage_moves (workspace_id, to_stage_id, moved_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table deal_forecast_months, deal_stage_moves, deal_lines, deal_contacts, deals, lost_reasons, pipeline_stages, pipelines, product_prices, products cascade`.execute(db);
  await sql`drop function if exists deal_forecast_apply()`.execute(db);
}
