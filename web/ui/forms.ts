import type { UseFormReturnType } from '@mantine/form';
import { isApiError, type FieldIssue } from '../api';

/** Every inline error carries the same test id, so browser tests find them without knowing the field. */
export const errorTestProps = { 'data-testid': 'field-error' } as const;

function hasPath(values: unknown, path: string): boolean {
  let node: unknown = values;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in (node as object))) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

/** Input props for a form path (`inn`, `phones.0.number`), with the inline error tagged for tests. */
export function fieldProps<V>(form: UseFormReturnType<V>, path: string, options?: { type?: 'input' | 'checkbox' }) {
  return { ...form.getInputProps(path, options), errorProps: errorTestProps };
}

/**
 * Puts the API's field messages under the matching inputs. Returns the issues no input shows
 * (a path the form does not have), so the page can list them instead of losing them.
 */
export function applyApiErrors<V>(form: UseFormReturnType<V>, err: unknown, remap: (path: string) => string = (p) => p): FieldIssue[] {
  if (!isApiError(err) || err.fields.length === 0) return [];
  const errors: Record<string, string> = {};
  const unmatched: FieldIssue[] = [];
  const values = form.getValues();
  for (const f of err.fields) {
    const at = remap(f.path);
    // `phones.0` (the whole item) is shown on its main input.
    const path = hasPath(values, at)
      ? at
      : [`${at}.number`, `${at}.address`, `${at}.text`, `${at}.handle`, `${at}.date`].find((p) => hasPath(values, p));
    if (path) errors[path] = errors[path] ? `${errors[path]}; ${f.message}` : f.message;
    else unmatched.push(f);
  }
  form.setErrors(errors);
  const first = Object.keys(errors)[0];
  if (first) {
    // Bring the first bad input into view: long forms hide it below the fold.
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>(`[data-path="${CSS.escape(first)}"]`);
      el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      el?.focus({ preventScroll: true });
    });
  }
  return unmatched;
}

/** `''` -> null, trimmed otherwise: the API distinguishes "no value" from an empty string. */
export const blankToNull = (v: string | null | undefined): string | null => {
  const s = (v ?? '').trim();
  return s === '' ? null : s;
};

/** Fields whose value differs from the initial one (a PATCH sends only what the user changed). */
export function changedFields<T extends Record<string, unknown>>(initial: T, next: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (JSON.stringify(initial[key]) !== JSON.stringify(next[key])) out[key] = next[key];
  }
  return out;
}

/**
 * Handles a failed save: field messages go under their inputs; returns the text for the form's
 * general alert (unplaced field messages, or the error itself), or null when inputs show it all.
 */
export function showSaveError<V>(
  form: UseFormReturnType<V>,
  err: unknown,
  fallback: (err: unknown) => string,
  remap?: (path: string) => string,
): string | null {
  const unmatched = applyApiErrors(form, err, remap);
  if (unmatched.length) return unmatched.map((f) => `${f.path}: ${f.message}`).join('\n');
  if (isApiError(err) && err.fields.length) return null;
  return fallback(err);
}
