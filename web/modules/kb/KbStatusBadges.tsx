import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { KbLanguage, KbStatus } from './kb.api';

/** An article's category, language and (for drafts) status as small badges. */
export function KbBadges({ category, language, status }: { category: string | null; language: KbLanguage; status: KbStatus }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {status === 'draft' && (
        <Badge size="sm" color="yellow" variant="light" data-testid="kb-draft">
          {t('kbUi.status.draft')}
        </Badge>
      )}
      {category && (
        <Badge size="sm" variant="light">
          {category}
        </Badge>
      )}
      <Badge size="sm" variant="outline" color="gray">
        {language.toUpperCase()}
      </Badge>
    </Group>
  );
}
