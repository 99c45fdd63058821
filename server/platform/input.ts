// Characters no field may carry, refused once for every route (present and future) before its
// schema runs: NUL cannot be stored in PostgreSQL text (the query fails), and a lone UTF-16
// surrogate (`"\ud800"` in JSON) is not a character at all. Both answer 400 naming the field.
import type { FastifyInstance } from 'fastify';
import { PlatformErrors, type FieldIssue } from './errors.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether text holds NUL or a lone surrogate. */
export function hasBadCharacters(s: string): boolean {
  return s.includes('\u0000') || LONE_SURROGATE.test(s);
}

/**
 * Paths (as the API spells them: `phones.0.number`) of every string, and every object key, with
 * bad characters. Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function badCharacterPaths(value: unknown, limit = 20): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[value, '']];
  const join = (base: string, key: string) => (base ? `${base}.${key}` : key);
  while (stack.length && found.length < limit) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (hasBadCharacters(v)) found.push(path);
    } else if (v instanceof Uint8Array) {
      // Raw uploads (an image body) are bytes, not text: walking a megabyte key by key is waste.
      continue;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], join(path, String(i))]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (hasBadCharacters(k)) found.push(join(path, k));
        else stack.push([child, join(path, k)]);
      }
    }
  }
  // A body that is itself a bad string is named as the body.
  return found.map((p) => p || 'body').sort();
}

/** Refuses NUL and lone surrogates in path parameters, query and body of every request. */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const paths = [...badCharacterPaths(req.params), ...badCharacterPaths(req.query), ...badCharacterPaths(req.body)];
    if (!paths.length) return;
    const fields: FieldIssue[] = [...new Set(paths)].map((path) => ({ path, code: 'invalid_characters' }));
    throw PlatformErrors.MALFORMED({ fields });
  });
}
