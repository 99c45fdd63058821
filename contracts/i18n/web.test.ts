import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { languages, resources, type Messages } from './index.js';
import { web } from './web.js';
import { roles } from '../users.js';

function flatten(m: Messages, prefix = ''): string[] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : flatten(v, `${prefix}${k}.`)));
}

function has(messages: Messages, key: string): boolean {
  const lookup = (k: string) => {
    let node: string | Messages | undefined = messages;
    for (const part of k.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    return typeof node === 'string';
  };
  // i18next plurals: `key` used with { count } resolves to `key_one`, `key_other`, ...
  return lookup(key) || lookup(`${key}_other`);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

const webDir = path.resolve(import.meta.dirname, '../../web');

describe('web interface strings', () => {
  it('has every literal ui.* key used by the web code in ru, bg and en', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(webDir)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/['"`](ui\.[A-Za-z0-9_.]+[A-Za-z0-9_])['"`]/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].flatMap((key) => languages.filter((l) => !has(resources[l], key)).map((l) => `${l}: ${key}`));
    expect(missing).toEqual([]);
  });

  it('names the same things in every language (plural forms aside)', () => {
    const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');
    const keys = Object.fromEntries(languages.map((l) => [l, [...new Set(flatten(web[l]).map(base))].sort()]));
    expect(keys.ru).toEqual(keys.en);
    expect(keys.bg).toEqual(keys.en);
  });

  it('gives Russian plurals all four forms', () => {
    const ru = flatten(web.ru);
    for (const key of ru.filter((k) => k.endsWith('_one'))) {
      const stem = key.slice(0, -4);
      expect(['_few', '_many', '_other'].map((s) => ru.includes(stem + s))).toEqual([true, true, true]);
    }
  });

  it('translates every role', () => {
    for (const lang of languages) for (const role of roles) expect(has(resources[lang], `ui.roles.${role}`), `${lang} ${role}`).toBe(true);
  });
});
