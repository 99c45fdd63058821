import { ApiError, isApiError } from '../../api';

/**
 * The same API error with field paths renamed to the form's (`nextStep.dueAt` -> `nextStepDue`),
 * so the messages land under the inputs that show those values. Prefix rules end with a dot.
 */
export function remapFields(err: unknown, map: Record<string, string>): unknown {
  if (!isApiError(err) || err.fields.length === 0) return err;
  const fields = err.fields.map((f) => {
    if (map[f.path]) return { ...f, path: map[f.path] };
    const prefix = Object.keys(map).find((k) => k.endsWith('.') && f.path.startsWith(k));
    return prefix ? { ...f, path: map[prefix] + f.path.slice(prefix.length) } : f;
  });
  return new ApiError(err.status, err.code, err.message, fields, err.duplicates);
}
