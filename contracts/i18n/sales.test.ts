import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DealErrors } from '../../server/modules/deals/deals.errors.js';
import { PipelineErrors } from '../../server/modules/pipelines/pipelines.errors.js';
import { ProductErrors } from '../../server/modules/products/products.errors.js';
import { languages, type Messages } from './index.js';
import { sales } from './sales.js';

function keys(m: Messages, prefix = ''): string[] {
  return Object.entries(m)
    .flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))
    .sort();
}
const lookup = (m: Messages, key: string) => key.split('.').reduce<unknown>((n, p) => (n as Messages | undefined)?.[p], m);

describe('sales messages', () => {
  it('has the same keys in ru, bg and en', () => {
    const en = keys(sales.en);
    for (const lang of languages) expect(keys(sales[lang])).toEqual(en);
  });

  it('translates every error code and every field rule the sales modules use', () => {
    const codes = [...Object.values(DealErrors), ...Object.values(PipelineErrors), ...Object.values(ProductErrors)].map((f) => f.code);
    const root = path.resolve(__dirname, '../../server/modules');
    const rules = new Set<string>();
    for (const dir of ['deals', 'pipelines', 'products', 'reports']) {
      for (const f of fs.readdirSync(path.join(root, dir)).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts'))) {
        for (const m of fs.readFileSync(path.join(root, dir, f), 'utf8').matchAll(/'(sales\.[a-zA-Z.]+)'/g)) rules.add(m[1]);
      }
    }
    for (const m of fs.readFileSync(path.resolve(__dirname, '../products.ts'), 'utf8').matchAll(/'(sales\.[a-zA-Z.]+)'/g)) rules.add(m[1]);
    expect(rules.size).toBeGreaterThan(10);
    for (const lang of languages) {
      for (const c of codes) expect(typeof lookup(sales[lang], `errors.${c}`), `${lang} errors.${c}`).toBe('string');
      for (const r of rules) {
        if (r.startsWith('sales.defaults')) continue;
        expect(typeof lookup(sales[lang], r), `${lang} ${r}`).toBe('string');
      }
    }
  });
});
