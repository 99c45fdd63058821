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

/**
 * Whether any string or key in the value has bad characters: the walk of every request, so it
 * builds no paths (those are named only for the rare request that fails) and no closures.
 */
export function anyBadCharacters(value: unknown): boolean {
  if (typeof value === 'string') return hasBadCharacters(value);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return false;
  const stack: object[] = [value];
  while (stack.length) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      for (const child of v) {
        if (typeof child === 'string') {
          if (hasBadCharacters(child)) return true;
        } else if (child !== null && typeof child === 'object' && !(child instanceof Uint8Array)) stack.push(child);
      }
      continue;
    }
    for (const k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      if (hasBadCharacters(k)) return true;
      const child = (v as Record<string, unknown>)[k];
      if (typeof child === 'string') {
        if (hasBadCharacters(child)) return true;
      } else if (child !== null && typeof child === 'object' && !(child instanceof Uint8Array)) stack.push(child);
    }
  }
  return false;
}

/** Refuses NUL and lone surrogates in path parameters, query and body of every request. */
export function registerInputGuard(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request and almost never refuses.
  app.addHook('preValidation', (req, _reply, done) => {
    if (!anyBadCharacters(req.params) && !anyBadCharacters(req.query) && !anyBadCharacters(req.body)) return done();
    const paths = [...badCharacterPaths(req.params), ...badCharacterPaths(req.query), ...badCharacterPaths(req.body)];
    const fields: FieldIssue[] = [...new Set(paths)].map((path) => ({ path, code: 'invalid_characters' }));
    done(PlatformErrors.MALFORMED({ fields }));
  });
}
