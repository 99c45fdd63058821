import { describe, expect, it } from 'vitest';
import { anyBadCharacters, badCharacterPaths } from './input.js';

// The per-request check (anyBadCharacters) must refuse exactly what the path finder names.
describe('the input guard', () => {
  const deep: Record<string, unknown> = {};
  let cur = deep;
  for (let i = 0; i < 5000; i++) cur = (cur.next = {}) as Record<string, unknown>;
  cur.name = 'a\u0000b';
  const cases: [unknown, string[]][] = [
    [undefined, []],
    [null, []],
    ['plain', []],
    ['\ud800', ['body']],
    [{ q: 'Иванов', limit: '50' }, []],
    [{ q: 'x\u0000' }, ['q']],
    [{ ['k\udc00']: 1 }, ['k\udc00']],
    [{ phones: [{ number: '+7 916' }, { number: 'ok\u0000' }] }, ['phones.1.number']],
    [{ tags: ['a', '\ud83d\ude00', '\udfff'] }, ['tags.2']],
    [{ file: new Uint8Array([0, 0, 0]) }, []],
    [deep, [`${'next.'.repeat(5000)}name`]],
  ];
  it.each(cases.map(([v, p], i) => [i, v, p] as const))('case %i', (_i, value, paths) => {
    expect(badCharacterPaths(value)).toEqual(paths);
    expect(anyBadCharacters(value)).toBe(paths.length > 0);
  });
});
