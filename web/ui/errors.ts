import type { TFunction } from 'i18next';
import { isApiError } from '../api';

/** A human message for any failure; API messages arrive already translated. */
export function errorText(err: unknown, t: TFunction): string {
  if (isApiError(err)) {
    if (err.code === 'NETWORK') return t('ui.errors.network');
    if (err.message && !err.code.startsWith('HTTP_')) return err.message;
    return t('ui.errors.http', { status: err.status });
  }
  return t('ui.errors.unexpected');
}
