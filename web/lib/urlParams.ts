import { useSearchParams } from 'react-router';

/** A list's filters live in the URL: `patch` sets the given keys (an empty value or null removes one), replacing the history entry. */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const patch = (values: Record<string, string | null | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(values))
          if (v) next.set(k, v);
          else next.delete(k);
        return next;
      },
      { replace: true },
    );
  return { params, patch };
}
