import { Text, type TextProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A linked record the viewer may not open (the API sent it as `{ name: null, hidden: true }`):
 * shown as being there, with a translated label, no name and no link.
 */
export function HiddenRecord(props: TextProps) {
  const { t } = useTranslation();
  return (
    <Text span c="dimmed" fs="italic" size="sm" data-testid="hidden-record" {...props}>
      {t('records.hidden')}
    </Text>
  );
}
