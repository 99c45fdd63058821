import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Cloud PBXs (Mango Office, Zadarma) call Orbita's webhooks instead of being followed over a
    -- socket: no host, port or login, but an account key (Mango's vpbx_api_key, Zadarma's key) and
    -- a signing secret (Mango's salt, Zadarma's secret), sealed like the AMI secret.
    alter table telephony_connections drop constraint telephony_connections_provider_check;
    alter table telephony_connections add constraint telephony_connections_provider_check
      check (provider in ('asterisk', 'mango', 'zadarma'));
    alter table telephony_connections alter column host drop not null;
    alter table telephony_connections alter column port drop not null;
    alter table telephony_connections alter column username drop not null;
    alter table telephony_connections add column account_key text;
    alter table telephony_connections add constraint telephony_connections_shape check (
      case provider
        when 'asterisk' then host is not null and port is not null and username is not null
        else account_key is not null
      end);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    delete from telephony_connections where provider <> 'asterisk';
    alter table telephony_connections drop constraint telephony_connections_shape;
    alter table telephony_connections drop column account_key;
    alter table telephony_connections alter column host set not null;
    alter table telephony_connections alter column port set not null;
    alter table telephony_connections alter column username set not null;
    alter table telephony_connections drop constraint telephony_connections_provider_check;
    alter table telephony_connections add constraint telephony_connections_provider_check check (provider in ('asterisk'));
  `.execute(db);
}
