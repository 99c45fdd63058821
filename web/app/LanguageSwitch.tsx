import { NativeSelect } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { languages, type Lang } from '../../contracts/i18n/types';
import { applyLanguage } from '../lib/i18n';
import { updateMe } from '../lib/session';
import { errorText } from '../ui/errors';

// Each language names itself, so anyone can find theirs.
const names: Record<Lang, string> = { ru: 'Русский', bg: 'Български', en: 'English' };

/**
 * Language of the interface. Applied at once; when signed in it is also saved on the profile,
 * so it follows the user to other devices and API messages use it.
 */
export function LanguageSwitch({ signedIn = true }: { signedIn?: boolean }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const narrow = useMediaQuery('(max-width: 40em)');

  const change = async (lang: Lang) => {
    const previous = i18n.language as Lang;
    applyLanguage(lang);
    if (!signedIn) return;
    try {
      await updateMe(qc, { language: lang });
    } catch (err) {
      applyLanguage(previous);
      notifications.show({ color: 'red', message: errorText(err, t) });
    }
  };

  return (
    <NativeSelect
      aria-label={t('ui.layout.language')}
      title={t('ui.layout.language')}
      value={i18n.language}
      onChange={(e) => void change(e.currentTarget.value as Lang)}
      data={languages.map((l) => ({ value: l, label: narrow ? l.toUpperCase() : names[l] }))}
      size="sm"
      variant="filled"
      w={narrow ? 76 : 132}
      data-testid="language-switch"
    />
  );
}
