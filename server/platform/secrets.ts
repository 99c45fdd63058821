// Secrets at rest (TOTP keys now, telephony credentials later): sealed with AES-256-GCM under one
// key that never enters the database, so a copy of the database or of a backup does not hand them
// out. The key comes from ORBITA_SECRET_KEY; with the embedded server and no key set, Orbita makes
// one on first start and keeps it in the data folder beside the database password
// (`<ORBITA_DATA_DIR>/secret-key`). The database records only the key's id: a start with another
// key is refused before anything sealed becomes unreadable.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from './database.js';
import { PlatformErrors } from './errors.js';

/** Seals and opens secrets with the configured key. */
export type Secrets = {
  /** Whether a key is configured; without one, seal and open refuse (503 SECRET_KEY_MISSING). */
  readonly hasKey: boolean;
  /** A short fingerprint of the key (not the key), recorded in the database. */
  readonly keyId: string | undefined;
  /** Encrypts `plain`; the result is text, safe for a text column, different at every call. */
  seal(plain: string): string;
  /** Decrypts a value made by `seal` with the same key; throws SecretKeyError otherwise. */
  open(sealed: string): string;
};

/** A sealed value that cannot be opened: another key, or damaged. */
export class SecretKeyError extends Error {}

const PREFIX = 's1';
/** How every sealed value starts (a SQL `like` can tell sealed from legacy values with it). */
export const SEALED_PREFIX = `${PREFIX}.`;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_FILE = 'secret-key';

/** Whether a stored value was made by `seal` (anything else is legacy plaintext). */
export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/**
 * A key as ORBITA_SECRET_KEY spells it: 32 bytes in base64 (`openssl rand -base64 32`) or in hex;
 * undefined when the text is neither.
 */
export function parseSecretKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) return undefined;
  const key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : undefined;
}

const keyIdOf = (key: Buffer) => crypto.createHmac('sha256', key).update('orbita secret key id').digest('base64url').slice(0, 12);

/** Seals and opens with `key`; without a key both refuse with SECRET_KEY_MISSING. */
export function createSecrets(key: Buffer | undefined): Secrets {
  if (key && key.length !== 32) throw new Error('a secret key is 32 bytes');
  const keyId = key ? keyIdOf(key) : undefined;
  const need = (): Buffer => {
    if (!key) throw PlatformErrors.SECRET_KEY_MISSING();
    return key;
  };
  return {
    hasKey: !!key,
    keyId,
    seal(plain) {
      const k = need();
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', k, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}.${keyId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed) {
      const k = need();
      const [prefix, id, data, ...rest] = sealed.split('.');
      if (prefix !== PREFIX || !id || data === undefined || rest.length) throw new SecretKeyError('not a sealed value');
      if (id !== keyId)
        throw new SecretKeyError(`this value was sealed with another key (key id ${id}); the configured key has id ${keyId}`);
      const raw = Buffer.from(data, 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretKeyError('the sealed value is damaged');
      const decipher = crypto.createDecipheriv('aes-256-gcm', k, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretKeyError('the sealed value is damaged or was sealed with another key');
      }
    },
  };
}

/** Where the embedded setup keeps its generated key: beside pg-initialised.json (the database password). */
export function embeddedKeyFile(dataDir: string): string {
  return path.join(dataDir, KEY_FILE);
}

/** Writes a new key file readable by its owner only; never replaces an existing one. */
function writeKeyFile(file: string, key: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${key.toString('base64')}\n`, { mode: 0o600 });
  try {
    // link() fails when the file exists: two starts racing keep the first key, not the last.
    fs.linkSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

async function recordedKeyId(db: Db): Promise<string | undefined> {
  const r = await sql<{ key_id: string }>`select key_id from secret_key`.execute(db);
  return r.rows[0]?.key_id;
}

/**
 * The key of this start, checked against the database: the configured ORBITA_SECRET_KEY, else
 * (embedded setup) the key file of the data folder, made on first start. Refuses to start when the
 * database's secrets were sealed with another key or with a key that is not configured; without a
 * key and nothing sealed it starts, and what needs one answers SECRET_KEY_MISSING.
 */
export async function openSecrets(db: Db, opts: { key?: Buffer; keyFile?: string; log: Logger }): Promise<Secrets> {
  const recorded = await recordedKeyId(db);
  let key = opts.key;
  let source = 'ORBITA_SECRET_KEY';
  let generated = false;
  if (!key && opts.keyFile) {
    source = opts.keyFile;
    if (fs.existsSync(opts.keyFile)) {
      key = parseSecretKey(fs.readFileSync(opts.keyFile, 'utf8'));
      if (!key) throw new Error(`${opts.keyFile} does not hold a secret key (32 bytes in base64 or hex).`);
    } else {
      key = crypto.randomBytes(32);
      generated = true;
    }
  }
  if (!key) {
    if (recorded)
      throw new Error(
        `This database holds secrets sealed with a key (key id ${recorded}), but ORBITA_SECRET_KEY is not set. ` +
          'Set it to the key this installation used; without it two-factor sign-in cannot be checked.',
      );
    opts.log.warn('ORBITA_SECRET_KEY is not set: two-factor sign-in cannot be set up until it is');
    return createSecrets(undefined);
  }
  const secrets = createSecrets(key);
  if (recorded && recorded !== secrets.keyId) {
    const where = generated
      ? `there is no ${opts.keyFile} (a new data folder, a restored backup?): put the original key file there, or set ORBITA_SECRET_KEY to the original key`
      : `the key of ${source} (key id ${secrets.keyId}) is not that key: configure the original one`;
    throw new Error(`This database's secrets were sealed with another key (key id ${recorded}); ${where}.`);
  }
  if (generated && opts.keyFile) {
    try {
      writeKeyFile(opts.keyFile, key);
      opts.log.info({ keyFile: opts.keyFile }, 'made a new secret key; back it up apart from the database');
    } catch (e) {
      // Another process of this data folder wrote one first: use that one.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      return openSecrets(db, opts);
    }
  }
  if (!recorded) {
    await sql`insert into secret_key (key_id) values (${secrets.keyId}) on conflict do nothing`.execute(db);
    // Another instance may have recorded its own key at the same moment.
    if ((await recordedKeyId(db)) !== secrets.keyId) return openSecrets(db, opts);
  }
  return secrets;
}
