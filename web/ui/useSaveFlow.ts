import { useRef, useState } from 'react';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { isApiError, type DuplicateRef } from '../api';
import { errorText } from './errors';
import { showSaveError } from './forms';

type Prepared<B> = { body: B; remap?: (path: string) => string };

type Options<V, B, R> = {
  form: UseFormReturnType<V>;
  /** Form values -> request body (and how to map error paths back to the form). */
  prepare: (values: V) => Prepared<B>;
  /** Sends the body; `force` saves despite a duplicate warning. */
  send: (body: B, force: boolean) => Promise<R>;
  onSaved: (result: R) => void;
};

/**
 * The save path every record form shares: inline field errors from the API, a duplicate warning
 * that can be overridden, and a clear message when someone else changed the record meanwhile.
 */
export function useSaveFlow<V, B, R>({ form, prepare, send, onSaved }: Options<V, B, R>) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [duplicates, setDuplicates] = useState<{ items: DuplicateRef[]; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const pending = useRef<Prepared<B> | null>(null);

  const run = async (prepared: Prepared<B>, force: boolean) => {
    setSaving(true);
    setError(null);
    setConflict(false);
    try {
      const result = await send(prepared.body, force);
      setDuplicates(null);
      onSaved(result);
    } catch (err) {
      if (isApiError(err) && err.isVersionConflict) {
        setConflict(true);
      } else if (isApiError(err) && err.isDuplicate) {
        pending.current = prepared;
        setDuplicates({ items: err.duplicates, message: err.message });
      } else {
        setDuplicates(null);
        setError(showSaveError(form, err, (e) => errorText(e, t), prepared.remap));
      }
    } finally {
      setSaving(false);
    }
  };

  return {
    submit: form.onSubmit((values) => run(prepare(values as V), false)),
    error,
    conflict,
    saving,
    duplicates,
    saveAnyway: () => pending.current && void run(pending.current, true),
    closeDuplicates: () => setDuplicates(null),
  };
}
