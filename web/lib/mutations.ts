/**
 * What a page adds to a module's mutation hook: the hook owns the request and the cache (which
 * queries refresh), the page its own reaction (a notification, closing a dialog, errors in a form).
 * `onSuccess` runs after the hook's own cache work.
 */
export type MutationCallbacks<T> = {
  onSuccess?: (data: T) => unknown;
  onError?: (err: unknown) => void;
};
