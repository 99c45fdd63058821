import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/harness.js';
import { loadConfig } from './config.js';
import { AppError } from './errors.js';
import { createLogger } from './logger.js';
import { createSecrets, isSealed, openSecrets, parseSecretKey, SecretKeyError } from './secrets.js';

const log = createLogger('silent');
const newKey = () => crypto.randomBytes(32);

describe('seal and open', () => {
  it('round-trips any text, never shows the plaintext, and seals the same text differently each time', () => {
    const s = createSecrets(newKey());
    for (const plain of ['JBSWY3DPEHPK3PXP', 'пароль АТС: «Север-7»', '', 'x'.repeat(5000)]) {
      const sealed = s.seal(plain);
      expect(isSealed(sealed)).toBe(true);
      if (plain) expect(sealed).not.toContain(plain);
      expect(s.open(sealed)).toBe(plain);
    }
    expect(s.seal('same')).not.toBe(s.seal('same'));
  });

  it('a wrong key fails clearly, naming both key ids; a damaged value fails too', () => {
    const a = createSecrets(newKey());
    const b = createSecrets(newKey());
    const sealed = a.seal('JBSWY3DPEHPK3PXP');
    expect(() => b.open(sealed)).toThrow(SecretKeyError);
    expect(() => b.open(sealed)).toThrow(`sealed with another key (key id ${a.keyId}); the configured key has id ${b.keyId}`);
    // Same key id, other bits: the authentication tag refuses it.
    const [prefix, id, data] = sealed.split('.');
    const raw = Buffer.from(data, 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(() => a.open(`${prefix}.${id}.${raw.toString('base64url')}`)).toThrow(/damaged/);
    expect(() => a.open('JBSWY3DPEHPK3PXP')).toThrow(/not a sealed value/);
  });

  it('without a key, sealing is refused with SECRET_KEY_MISSING (503)', () => {
    const none = createSecrets(undefined);
    expect(none.hasKey).toBe(false);
    try {
      none.seal('x');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('SECRET_KEY_MISSING');
      expect((e as AppError).status).toBe(503);
    }
  });

  it('ORBITA_SECRET_KEY is 32 bytes in base64 or hex; anything else stops the start', () => {
    const key = newKey();
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64url'))).toEqual(key);
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretKey('secret')).toBeUndefined();
    expect(parseSecretKey(crypto.randomBytes(16).toString('base64'))).toBeUndefined();
    expect(loadConfig({ ORBITA_SECRET_KEY: key.toString('base64') }).secretKey).toEqual(key);
    expect(loadConfig({ ORBITA_SECRET_KEY: '' }).secretKey).toBeUndefined();
    expect(() => loadConfig({ ORBITA_SECRET_KEY: 'too-short' })).toThrow(/ORBITA_SECRET_KEY: expected 32 bytes/);
  });
});

describe('the key of a start, checked against the database', () => {
  let handle: Awaited<ReturnType<typeof createTestDatabase>>;
  let dir: string;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle.drop();
  });
  beforeEach(async () => {
    await sql`delete from secret_key`.execute(handle.db);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-key-'));
  });

  it('DATABASE_URL without a key: starts while nothing is sealed, refuses once the database has a key', async () => {
    const none = await openSecrets(handle.db, { log });
    expect(none.hasKey).toBe(false);
    const key = newKey();
    const first = await openSecrets(handle.db, { key, log });
    // The database keeps the key's id, never the key.
    const rows = (await sql<{ key_id: string }>`select key_id from secret_key`.execute(handle.db)).rows;
    expect(rows).toEqual([{ key_id: first.keyId }]);
    expect(JSON.stringify(rows)).not.toContain(key.toString('base64'));
    await expect(openSecrets(handle.db, { log })).rejects.toThrow(
      `sealed with a key (key id ${first.keyId}), but ORBITA_SECRET_KEY is not set`,
    );
  });

  it('another key is refused at start, before anything sealed is read', async () => {
    const first = await openSecrets(handle.db, { key: newKey(), log });
    const other = newKey();
    await expect(openSecrets(handle.db, { key: other, log })).rejects.toThrow(
      `sealed with another key (key id ${first.keyId}); the key of ORBITA_SECRET_KEY (key id ${createSecrets(other).keyId}) is not that key`,
    );
  });

  it('embedded: makes a key file on first start (owner-only) and reuses it on the next', async () => {
    const file = path.join(dir, 'secret-key');
    const first = await openSecrets(handle.db, { keyFile: file, log });
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const sealed = first.seal('JBSWY3DPEHPK3PXP');
    const again = await openSecrets(handle.db, { keyFile: file, log });
    expect(again.keyId).toBe(first.keyId);
    expect(again.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    // The file holds the key as ORBITA_SECRET_KEY spells it: it can move into the environment.
    const viaEnv = await openSecrets(handle.db, {
      key: loadConfig({ ORBITA_SECRET_KEY: fs.readFileSync(file, 'utf8').trim() }).secretKey,
      log,
    });
    expect(viaEnv.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('embedded with a lost key file (a restored backup in a new folder): refused, and no new key is written', async () => {
    await openSecrets(handle.db, { keyFile: path.join(dir, 'secret-key'), log });
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'orbita-key-'));
    await expect(openSecrets(handle.db, { keyFile: path.join(fresh, 'secret-key'), log })).rejects.toThrow(
      /sealed with another key .* there is no .*secret-key .*put the original key file there, or set ORBITA_SECRET_KEY/,
    );
    expect(fs.existsSync(path.join(fresh, 'secret-key'))).toBe(false);
  });
});
