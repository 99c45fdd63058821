import { Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { fieldProps } from './forms';
import { useUserOptions } from './users';

type Values = { segment: string; source: string; tags: string[]; ownerId: string | null };

/** Owner, segment, source and tags: the same four fields on every counterparty form. */
export function ClassificationFields<V extends Values>({ form }: { form: UseFormReturnType<V> }) {
  const { t } = useTranslation();
  const users = useUserOptions();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
      <Select label={t('ui.fields.owner')} data={users} searchable clearable {...fieldProps(form, 'ownerId')} data-testid="owner" />
      <TagsInput
        label={t('ui.fields.tags')}
        description={t('ui.fields.tagsHint')}
        clearable
        {...fieldProps(form, 'tags')}
        data-testid="tags"
      />
      <TextInput label={t('ui.fields.segment')} {...fieldProps(form, 'segment')} />
      <TextInput label={t('ui.fields.source')} placeholder={t('ui.fields.sourcePlaceholder')} {...fieldProps(form, 'source')} />
    </SimpleGrid>
  );
}
